import type { RequestHandler, Response } from 'express';
import { membershipOf, userForToken, type Role } from '../db/queries/identity.js';
import type { ApiContext } from './context.js';
import { HttpError } from './errors.js';

export interface AuthLocals {
  userId: string;
  /** The token this request came with. */
  tokenId: string;
  /** The one org the token may act in; null: every org of its user. */
  orgScope: string | null;
}

export interface OrgLocals extends AuthLocals {
  orgId: string;
  role: Role;
}

/** Bearer-token authentication; sets res.locals.auth. */
export function authenticate(ctx: ApiContext): RequestHandler {
  return async (req, res, next) => {
    const header = req.header('authorization') ?? '';
    const token = header.toLowerCase().startsWith('bearer ') ? header.slice(7).trim() : '';
    if (!token) throw new HttpError(401, 'unauthenticated', 'Send an API token as "Authorization: Bearer <token>".');
    const found = await userForToken(ctx.db, token);
    if (!found) throw new HttpError(401, 'unauthenticated', 'The API token is unknown or expired; create a new one.');
    res.locals.auth = { userId: found.userId, tokenId: found.tokenId, orgScope: found.orgScope } satisfies AuthLocals;
    next();
  };
}

/**
 * For routes under /orgs/:orgId. A user who is not a member gets 404, so other tenants' org ids
 * are not confirmed to exist; a member without one of `roles` gets 403.
 */
export function orgAccess(ctx: ApiContext, roles?: readonly Role[]): RequestHandler {
  return async (req, res, next) => {
    const auth = res.locals.auth as AuthLocals | undefined;
    if (!auth) throw new HttpError(401, 'unauthenticated', 'Authentication required.');
    const orgId = String(req.params.orgId ?? '');
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
    // A token scoped to another org sees this one as a stranger would.
    const inScope = auth.orgScope === null || auth.orgScope === orgId;
    const membership = uuid.test(orgId) && inScope ? await membershipOf(ctx.db, auth.userId, orgId) : undefined;
    if (!membership) throw new HttpError(404, 'org_not_found', `No organization ${orgId} among yours.`);
    if (roles && !roles.includes(membership.role)) {
      throw new HttpError(403, 'forbidden', `This needs one of the roles ${roles.join(', ')}; you are ${membership.role}.`);
    }
    res.locals.org = { ...auth, orgId, role: membership.role } satisfies OrgLocals;
    next();
  };
}

export const orgOf = (res: Response) => res.locals.org as OrgLocals;
export const authOf = (res: Response) => res.locals.auth as AuthLocals;

/** After orgAccess(): the member must hold one of `roles` for this route. */
export function requireRole(roles: readonly Role[]): RequestHandler {
  return (_req, res, next) => {
    const { role } = orgOf(res);
    if (!roles.includes(role)) throw new HttpError(403, 'forbidden', `This needs one of the roles ${roles.join(', ')}; you are ${role}.`);
    next();
  };
}
