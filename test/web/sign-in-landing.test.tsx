import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { describe, expect, it } from 'vitest';
import { LoginRoute } from '../../web/src/app/routes/login.js';
import { SignupRoute } from '../../web/src/app/routes/signup.js';
import { json, stubApi } from './render.js';

/**
 * Where sign-up and log-in lead: the wizard while the org has no brand profile (for someone who
 * may make one), Today otherwise, and always where a link was taking the person.
 */
const ORG = '11111111-1111-4111-8111-111111111111';
const USER = '22222222-2222-4222-8222-222222222222';

function stubHerald({ role = 'owner', profiles = [] as string[] } = {}) {
  const session = { user: { id: USER, email: 'rosa@bakery.example', name: 'Rosa', timeZone: 'Europe/Berlin', emailVerified: false }, orgs: [{ id: ORG, name: 'Rosa Bakery', role }], csrfToken: 'csrf' };
  return stubApi(({ method, url }) => {
    if (method === 'POST' && (url.pathname.endsWith('/auth/signup') || url.pathname.endsWith('/auth/login'))) return json(session, url.pathname.endsWith('signup') ? 201 : 200);
    if (url.pathname.endsWith('/me')) return json({ user: session.user, orgs: session.orgs, activeOrgId: ORG, staff: false });
    if (url.pathname.endsWith(`/orgs/${ORG}`)) return json({ id: ORG, name: 'Rosa Bakery', role, brandProfileUserIds: profiles });
    return json({ error: { code: 'not_found', message: `no stub for ${url}` } }, 404);
  });
}

function renderAt(path: string) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const router = createMemoryRouter(
    [
      { path: '/signup', element: <SignupRoute /> },
      { path: '/login', element: <LoginRoute /> },
      { path: '/', element: <h1>Today</h1> },
      { path: '/onboarding', element: <h1>Set up Herald</h1> },
      { path: '/team', element: <h1>Team</h1> },
    ],
    { initialEntries: [path] },
  );
  render(
    <QueryClientProvider client={client}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
}

async function signUp() {
  const user = userEvent.setup({ delay: null });
  renderAt('/signup');
  await user.type(screen.getByLabelText('Your name', { exact: false }), 'Rosa');
  await user.type(screen.getByLabelText('E-mail', { exact: false }), 'rosa@bakery.example');
  await user.type(screen.getByLabelText('Password', { exact: false }), 'flour water salt and time');
  await user.type(screen.getByLabelText('Business name', { exact: false }), 'Rosa Bakery');
  await user.click(screen.getByRole('button', { name: 'Create account' }));
}

async function logIn(path = '/login') {
  const user = userEvent.setup({ delay: null });
  renderAt(path);
  await user.type(screen.getByLabelText('E-mail', { exact: false }), 'rosa@bakery.example');
  await user.type(screen.getByLabelText('Password', { exact: false }), 'flour water salt and time');
  await user.click(screen.getByRole('button', { name: 'Log in' }));
}

describe('where signing up and logging in lead', () => {
  it('a new business lands on the setup wizard, its org having no brand profile yet', async () => {
    stubHerald();
    await signUp();
    expect(await screen.findByRole('heading', { name: 'Set up Herald' })).toBeTruthy();
  }, 30_000);

  it('logging in to an org without a brand profile leads to the wizard', async () => {
    stubHerald();
    await logIn();
    expect(await screen.findByRole('heading', { name: 'Set up Herald' })).toBeTruthy();
  }, 30_000);

  it('logging in to an org that is set up leads to Today', async () => {
    stubHerald({ profiles: [USER] });
    await logIn();
    expect(await screen.findByRole('heading', { name: 'Today' })).toBeTruthy();
  }, 30_000);

  it('someone who may not set Herald up (a viewer) goes to Today, where the callout says whom to ask', async () => {
    stubHerald({ role: 'viewer' });
    await logIn();
    expect(await screen.findByRole('heading', { name: 'Today' })).toBeTruthy();
  }, 30_000);

  it('a link that asked to log in first is followed, setup or not, without asking about the org', async () => {
    const requests = stubHerald();
    await logIn('/login?next=%2Fteam');
    expect(await screen.findByRole('heading', { name: 'Team' })).toBeTruthy();
    expect(requests.map((r) => `${r.method} ${r.url.pathname}`)).toEqual(['POST /api/v1/auth/login']);
  }, 30_000);
});
