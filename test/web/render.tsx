import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { createMemoryRouter, RouterProvider } from 'react-router';

/** One API request as the screen made it. */
export interface Request {
  method: string;
  url: URL;
  body: unknown;
}

/**
 * Replaces the network with `answer` (real Response objects) and records every request: the
 * fetch boundary is the only thing a component test stands in for.
 */
export function stubApi(answer: (req: Request) => Response | Promise<Response>): Request[] {
  const requests: Request[] = [];
  globalThis.fetch = async (input: string | URL | globalThis.Request, init?: RequestInit) => {
    const req = { method: init?.method ?? 'GET', url: new URL(String(input), 'http://herald.test'), body: init?.body ? JSON.parse(String(init.body)) : undefined };
    requests.push(req);
    return answer(req);
  };
  return requests;
}

export const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** Renders a screen at `path` with a fresh query cache (no retries, so an error shows at once). */
export function renderScreen(element: ReactElement, path = '/') {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const router = createMemoryRouter([{ path: '*', element }], { initialEntries: [path] });
  render(
    <QueryClientProvider client={client}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return router;
}
