import type { RequestHandler, Response } from 'express';
import { membershipOf, userForToken, type Role } from '../db/queries/identity.js';
import type { ApiContext } from './context.js';
import { HttpError } from './errors.js';
import { isSupportStaff, staffReason } from './staff.js';
import { eq } from 'drizzle-orm';
import { auditLog, organizations } from '../db/schema/index.js';
import { requireCsrf, sessionOf } from './sessions.js';

export interface AuthLocals {
  userId: string;
  /** Set when the browser's session cookie authenticated the request. */
  sessionId?: string;
  /** The token this request came with (absent for a browser session). */
  tokenId?: string;
  /** The one org the token may act in; null: every org of its user (always null for a session). */
  orgScope: string | null;
}

export interface OrgLocals extends AuthLocals {
  orgId: string;
  role: OrgRole;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Who is calling: a bearer token (scripts, the CLI) or the browser's session cookie. A cookie
 * alone never changes anything: state-changing requests must also carry the session's CSRF token
 * (api/sessions.ts), which a cross-site page cannot read. Sets res.locals.auth.
 */
export function authenticate(ctx: ApiContext): RequestHandler {
  return async (req, res, next) => {
    const header = req.header('authorization') ?? '';
    const token = header.toLowerCase().startsWith('bearer ') ? header.slice(7).trim() : '';
    if (token) {
      const found = await userForToken(ctx.db, token);
      if (!found) throw new HttpError(401, 'unauthenticated', 'The API token is unknown or expired; create a new one.');
      res.locals.auth = { userId: found.userId, tokenId: found.tokenId, orgScope: found.orgScope } satisfies AuthLocals;
      return next();
    }
    const session = await sessionOf(ctx.db, req);
    if (!session) {
      throw new HttpError(401, 'unauthenticated', 'Log in (POST /api/v1/auth/login) or send an API token as "Authorization: Bearer <token>".');
    }
    if (!SAFE_METHODS.has(req.method)) requireCsrf(session, req);
    res.locals.auth = { userId: session.userId, sessionId: session.id, orgScope: null } satisfies AuthLocals;
    next();
  };
}

/** A role in an org; `support` is Herald's staff acting in it (api/staff.ts), never a membership. */
export type OrgRole = Role | 'support';

/**
 * For routes under /orgs/:orgId. A user who is not a member gets 404, so other tenants' org ids
 * are not confirmed to exist; a member without one of `roles` gets 403. With `staff`, Herald's
 * support staff get in as role `support` when they give a reason, which is audited in that org.
 */
export function orgAccess(ctx: ApiContext, roles?: readonly OrgRole[], options: { staff?: boolean } = {}): RequestHandler {
  return async (req, res, next) => {
    if (res.locals.org) return next();
    const auth = res.locals.auth as AuthLocals | undefined;
    if (!auth) throw new HttpError(401, 'unauthenticated', 'Authentication required.');
    const orgId = String(req.params.orgId ?? '');
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
    // A token scoped to another org sees this one as a stranger would.
    const inScope = auth.orgScope === null || auth.orgScope === orgId;
    const membership = uuid.test(orgId) && inScope ? await membershipOf(ctx.db, auth.userId, orgId) : undefined;
    let role: OrgRole | undefined = membership?.role;
    if (!role && options.staff && uuid.test(orgId) && auth.orgScope === null && (await isSupportStaff(ctx, auth.userId))) {
      const [org] = await ctx.db.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, orgId));
      if (org) {
        const reason = staffReason(req);
        await ctx.db.insert(auditLog).values({
          orgId,
          actor: auth.userId,
          action: 'support.access',
          subjectType: 'organization',
          subjectId: orgId,
          details: { reason, method: req.method, path: req.originalUrl.split('?')[0] },
        });
        role = 'support';
      }
    }
    if (!role) throw new HttpError(404, 'org_not_found', `No organization ${orgId} among yours.`);
    if (roles && !roles.includes(role)) {
      throw new HttpError(403, 'forbidden', `This needs one of the roles ${roles.join(', ')}; you are ${role}.`);
    }
    res.locals.org = { ...auth, orgId, role } satisfies OrgLocals;
    next();
  };
}

export const orgOf = (res: Response) => res.locals.org as OrgLocals;
export const authOf = (res: Response) => res.locals.auth as AuthLocals;

/** After orgAccess(): the member must hold one of `roles` for this route. */
export function requireRole(roles: readonly OrgRole[]): RequestHandler {
  return (_req, res, next) => {
    const { role } = orgOf(res);
    if (!roles.includes(role)) throw new HttpError(403, 'forbidden', `This needs one of the roles ${roles.join(', ')}; you are ${role}.`);
    next();
  };
}
