import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, rememberCsrfToken } from '../../../lib/api-client.js';
import { sessionKey, type SessionAnswer } from './session.js';

export interface SignupInput {
  email: string;
  password: string;
  name: string;
  timeZone: string;
  organizationName?: string;
  invitationToken?: string;
}

/** After a login or sign-up the answer is the new session: keep its CSRF token, drop every cached list. */
function useStartsSession<I>(path: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: I) => api<SessionAnswer>(path, { method: 'POST', json: input }),
    onSuccess: (answer) => {
      rememberCsrfToken(answer.csrfToken);
      client.removeQueries();
      client.setQueryData(sessionKey, answer.user ? answer : null);
    },
  });
}

export const useLogin = () => useStartsSession<{ email: string; password: string }>('/auth/login');
export const useSignup = () => useStartsSession<SignupInput>('/auth/signup');

export function useLogout() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api<void>('/auth/logout', { method: 'POST' }),
    onSettled: () => {
      rememberCsrfToken(null);
      client.removeQueries();
      client.setQueryData(sessionKey, null);
    },
  });
}

export const useForgotPassword = () =>
  useMutation({ mutationFn: (input: { email: string }) => api<{ message: string }>('/auth/forgot-password', { method: 'POST', json: input }) });

export const useResetPassword = () =>
  useMutation({ mutationFn: (input: { token: string; password: string }) => api<{ message?: string }>('/auth/reset-password', { method: 'POST', json: input }) });

export function useVerifyEmail() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { token: string }) => api<{ message: string }>('/auth/verify-email', { method: 'POST', json: input }),
    onSuccess: () => client.invalidateQueries({ queryKey: sessionKey }),
  });
}

export const useResendVerification = () =>
  useMutation({ mutationFn: () => api<{ message: string }>('/auth/verify-email/resend', { method: 'POST' }) });
