import { QueryClient } from '@tanstack/react-query';
import { ApiError } from './api-client.js';

/** A 4xx will not change by asking again; network trouble and 5xx get two more tries. */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      retry: (failures, err) => failures < 2 && !(err instanceof ApiError && err.status >= 400 && err.status < 500),
    },
  },
});
