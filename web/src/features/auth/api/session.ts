import { useQuery } from '@tanstack/react-query';
import { api, ApiError, rememberCsrfToken } from '../../../lib/api-client.js';

export type Role = 'owner' | 'admin' | 'editor' | 'approver' | 'viewer';
export interface OrgMembership {
  id: string;
  name: string;
  role: Role;
}
export interface SessionUser {
  id: string;
  email: string;
  name: string;
  timeZone: string;
  emailVerified: boolean;
}
/** What /auth/session, /auth/login and /auth/signup answer. */
export interface SessionAnswer {
  user?: SessionUser;
  orgs?: OrgMembership[];
  csrfToken: string | null;
  message?: string;
}

export const sessionKey = ['session'] as const;

/** The signed-in person, or null when nobody is. */
export async function getSession(): Promise<SessionAnswer | null> {
  try {
    const answer = await api<SessionAnswer>('/auth/session');
    rememberCsrfToken(answer.csrfToken);
    return answer;
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      rememberCsrfToken(null);
      return null;
    }
    throw err;
  }
}

export const useSession = () => useQuery({ queryKey: sessionKey, queryFn: getSession, staleTime: 60_000 });
