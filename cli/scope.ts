import { CliError, failOnError, type ApiClient } from './api-client.js';
import type { CommandContext } from './command.js';

export interface MeBody {
  user: { id: string; email: string };
  orgs: { id: string; name: string; role: string }[];
}

export const scopeOptions = {
  org: { type: 'string' },
  // The CLI acts as the owner of HERALD_API_TOKEN; --user only confirms whose token that is.
  user: { type: 'string' },
} as const;

/** The org to act in: --org, else the token owner's first org; --user must match the token. */
export async function resolveOrg(api: ApiClient, options: CommandContext['options']): Promise<string> {
  const wantedUser = typeof options.user === 'string' ? options.user : undefined;
  const org = typeof options.org === 'string' ? options.org : undefined;
  if (org && !wantedUser) return org;
  const { status, body } = await api.request<MeBody>('GET', '/api/v1/me');
  failOnError(status, body);
  if (wantedUser && wantedUser !== body.user.id && wantedUser !== body.user.email) {
    throw new CliError(`HERALD_API_TOKEN belongs to ${body.user.email} (${body.user.id}), not ${wantedUser}; use that user's token.`, 64);
  }
  if (org) return org;
  const first = body.orgs[0];
  if (!first) throw new CliError(`${body.user.email} belongs to no organization.`, 1);
  return first.id;
}


/** For commands about a user's cycle: --user names whose (default: the token's owner), --org where. */
export async function resolveCycleScope(api: ApiClient, options: CommandContext['options']): Promise<{ orgId: string; userId: string }> {
  const { status, body } = await api.request<MeBody>('GET', '/api/v1/me');
  failOnError(status, body);
  const orgId = typeof options.org === 'string' ? options.org : body.orgs[0]?.id;
  if (!orgId) throw new CliError(`${body.user.email} belongs to no organization.`, 1);
  return { orgId, userId: typeof options.user === 'string' ? options.user : body.user.id };
}
