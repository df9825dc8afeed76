import { eq } from 'drizzle-orm';
import type { Request } from 'express';
import { staffGrants, users } from '../db/schema/index.js';
import type { ApiContext } from './context.js';
import { HttpError } from './errors.js';

/**
 * Herald's support staff are no org's members. A person is staff when the server says so: a row
 * in `staff_grants` (`herald admin grant-support <email>`, run with database access) or their
 * address in HERALD_SUPPORT_EMAILS. Staff may list and replay publishes in any org, nothing else,
 * and every such read or action needs a reason that goes to that org's audit log.
 */
export async function isSupportStaff(ctx: ApiContext, userId: string): Promise<boolean> {
  const [row] = await ctx.db
    .select({ grant: staffGrants.grant, email: users.email })
    .from(users)
    .leftJoin(staffGrants, eq(staffGrants.userId, users.id))
    .where(eq(users.id, userId));
  if (!row) return false;
  return row.grant === 'support' || ctx.config.supportEmails.includes(row.email.toLowerCase());
}

/** The reason a staff request gives: `reason` in the body, or in the query for reads. */
export function staffReason(req: Request): string {
  const fromBody = (req.body as { reason?: unknown } | undefined)?.reason;
  const fromQuery = (req.query as Record<string, unknown>).reason;
  const reason = typeof fromBody === 'string' ? fromBody : typeof fromQuery === 'string' ? fromQuery : '';
  if (reason.trim().length < 3 || reason.length > 1000) {
    throw new HttpError(422, 'reason_required', 'reason: support staff say why they look at or act on a customer\'s publishes (3-1000 characters; ?reason= for reads); it goes in the audit log.', [
      { field: 'reason', problem: 'is required for support staff' },
    ]);
  }
  return reason.trim();
}
