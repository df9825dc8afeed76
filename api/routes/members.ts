import { randomBytes } from 'node:crypto';
import { and, asc, count, eq, gt, isNull, sql } from 'drizzle-orm';
import { Router, type Response } from 'express';
import { z } from 'zod';
import type { Database } from '../../db/client.js';
import { hashToken as sha256 } from '../../db/queries/identity.js';
import { auditLog, emailSuppressions, invitations, memberships, organizations, outboxEmails, users } from '../../db/schema/index.js';
import { orgOf, requireRole } from '../auth.js';
import type { ApiContext } from '../context.js';
import { HttpError, parseInput } from '../errors.js';
import { requireWithinLimit } from '../limits.js';
import { uuidField } from '../validation.js';

/**
 * Members and invitations of one org: /orgs/:orgId/members and /orgs/:orgId/invitations.
 * Owners and admins invite and change roles; only an owner makes another owner (by transfer);
 * an org always keeps at least one owner. Every change is in the audit log.
 */
export const INVITATION_DAYS = 7;
const INVITABLE = ['admin', 'editor', 'approver', 'viewer'] as const;
const ROLES = ['owner', ...INVITABLE] as const;

export const inviteBody = z.object({ email: z.string().trim().toLowerCase().max(254).email('must be an e-mail address'), role: z.enum(INVITABLE) }).strict();
export const roleBody = z.object({ role: z.enum(INVITABLE, { message: `must be one of ${INVITABLE.join(', ')} (make an owner with transfer-ownership)` }) }).strict();
export const transferBody = z.object({ userId: uuidField }).strict();

async function owners(db: Database, orgId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(memberships).where(and(eq(memberships.orgId, orgId), eq(memberships.role, 'owner')));
  return row?.n ?? 0;
}

function audit(db: Database, orgId: string, actor: string, action: string, subjectId: string, details: Record<string, unknown>) {
  return db.insert(auditLog).values({ orgId, actor, action, subjectType: 'membership', subjectId, details });
}

export function memberRoutes(ctx: ApiContext): Router {
  const router = Router({ mergeParams: true });

  router.get('/', async (_req, res) => {
    const { orgId } = orgOf(res);
    const rows = await ctx.db
      .select({ userId: users.id, name: users.name, email: users.email, role: memberships.role, joinedAt: memberships.createdAt, undeliverable: emailSuppressions.reason, undeliverableSince: emailSuppressions.createdAt })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .leftJoin(emailSuppressions, eq(emailSuppressions.address, sql`lower(${users.email})`))
      .where(eq(memberships.orgId, orgId))
      .orderBy(asc(memberships.createdAt));
    // Herald stops mailing an address that bounced or complained: the team sees whom mail no longer reaches.
    const members = rows.map(({ undeliverable, undeliverableSince, ...member }) => ({
      ...member,
      emailUndeliverable: undeliverable ? { reason: undeliverable, since: undeliverableSince } : null,
    }));
    res.json({ members });
  });

  // Adding a member is inviting them: they join by accepting (POST /api/v1/invitations/accept).
  router.post('/', requireRole(['owner', 'admin']), (req, res) => invite(ctx, req.body, res));

  router.patch('/:userId', requireRole(['owner', 'admin']), async (req, res) => {
    const { orgId, userId: actor, role: actorRole } = orgOf(res);
    const target = parseInput(z.object({ userId: uuidField }), req.params, 'params').userId;
    const { role } = parseInput(roleBody, req.body, 'body');
    const updated = await ctx.db.transaction(async (tx) => {
      // Lock the org's memberships so two demotions at once cannot leave it without an owner.
      await tx.execute(sql`select 1 from memberships where org_id = ${orgId} for update`);
      const [current] = await tx.select().from(memberships).where(and(eq(memberships.orgId, orgId), eq(memberships.userId, target)));
      if (!current) throw new HttpError(404, 'member_not_found', `No member ${target} in this organization.`);
      if (current.role === 'owner' && actorRole !== 'owner') throw new HttpError(403, 'forbidden', 'Only an owner can change an owner\'s role.');
      if (current.role === 'owner' && (await owners(tx as unknown as Database, orgId)) === 1) {
        throw new HttpError(409, 'last_owner', 'This is the only owner; transfer ownership to someone else first.');
      }
      const [saved] = await tx.update(memberships).set({ role }).where(and(eq(memberships.orgId, orgId), eq(memberships.userId, target))).returning();
      await audit(tx as unknown as Database, orgId, actor, 'member.role_changed', target, { from: current.role, to: role });
      return saved;
    });
    res.json({ member: updated });
  });

  /** Removes a member; anyone may remove themselves (leave). */
  router.delete('/:userId', async (req, res) => {
    const { orgId, userId: actor, role: actorRole } = orgOf(res);
    const target = parseInput(z.object({ userId: uuidField }), req.params, 'params').userId;
    const leaving = target === actor;
    if (!leaving && actorRole !== 'owner' && actorRole !== 'admin') throw new HttpError(403, 'forbidden', `Removing members needs the owner or admin role; you are ${actorRole}.`);
    await ctx.db.transaction(async (tx) => {
      await tx.execute(sql`select 1 from memberships where org_id = ${orgId} for update`);
      const [current] = await tx.select().from(memberships).where(and(eq(memberships.orgId, orgId), eq(memberships.userId, target)));
      if (!current) throw new HttpError(404, 'member_not_found', `No member ${target} in this organization.`);
      if (current.role === 'owner' && !leaving && actorRole !== 'owner') throw new HttpError(403, 'forbidden', 'Only an owner can remove an owner.');
      if (current.role === 'owner' && (await owners(tx as unknown as Database, orgId)) === 1) {
        throw new HttpError(409, 'last_owner', leaving ? 'You are the only owner; transfer ownership before you leave.' : 'This is the only owner.');
      }
      await tx.delete(memberships).where(and(eq(memberships.orgId, orgId), eq(memberships.userId, target)));
      await audit(tx as unknown as Database, orgId, actor, leaving ? 'member.left' : 'member.removed', target, { role: current.role });
    });
    res.status(204).end();
  });

  return router;
}

/** Invites an address to the org (POST /members and POST /invitations). */
async function invite(ctx: ApiContext, body: unknown, res: Response) {
  const { orgId, userId: actor } = orgOf(res);
  const input = parseInput(inviteBody, body, 'body');
  const [already] = await ctx.db
    .select({ id: users.id })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.orgId, orgId), sql`lower(${users.email}) = ${input.email}`));
  if (already) throw new HttpError(409, 'already_member', `${input.email} is already a member.`);
  // A seat is taken from the invitation on, so invitations cannot outrun the plan.
  await requireWithinLimit(ctx, orgId, 'seats');
  const token = randomBytes(32).toString('base64url');
  const [org] = await ctx.db.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, orgId));
  const [inviter] = await ctx.db.select({ name: users.name }).from(users).where(eq(users.id, actor));
  const expiresAt = new Date(Date.now() + INVITATION_DAYS * 86_400_000);
  const invitation = await ctx.db.transaction(async (tx) => {
    const [row] = await tx.insert(invitations).values({ orgId, email: input.email, role: input.role, tokenHash: sha256(token), invitedBy: actor, expiresAt }).returning();
    await tx.insert(outboxEmails).values({
      orgId,
      toAddress: input.email,
      kind: 'invitation',
      subject: `${inviter?.name ?? 'Someone'} invited you to ${org?.name ?? 'an organization'} on Herald`,
      body: `${inviter?.name ?? 'Someone'} invited you to join ${org?.name} on Herald as ${input.role}.\nAccept (the link works once, until ${expiresAt.toISOString().slice(0, 10)}):\n${ctx.config.apiUrl.replace(/\/$/, '')}/invitation#token=${token}\n\nNo Herald account yet? The link lets you sign up.`,
      data: { invitationId: row!.id },
      dedupeKey: `invitation:${row!.id}`,
    });
    await audit(tx as unknown as Database, orgId, actor, 'member.invited', row!.id, { email: input.email, role: input.role });
    return row!;
  });
  res.status(201).json({ invitation: publicInvitation(invitation) });
}

const publicInvitation = (row: typeof invitations.$inferSelect) => ({
  id: row.id,
  email: row.email,
  role: row.role,
  invitedBy: row.invitedBy,
  expiresAt: row.expiresAt,
  createdAt: row.createdAt,
});

export function invitationRoutes(ctx: ApiContext): Router {
  const router = Router({ mergeParams: true });
  router.use(requireRole(['owner', 'admin']));
  router.get('/', async (_req, res) => {
    const { orgId } = orgOf(res);
    const rows = await ctx.db
      .select()
      .from(invitations)
      .where(and(eq(invitations.orgId, orgId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, new Date())))
      .orderBy(asc(invitations.createdAt));
    res.json({ invitations: rows.map(publicInvitation) });
  });
  router.post('/', (req, res) => invite(ctx, req.body, res));
  router.delete('/:invitationId', async (req, res) => {
    const { orgId, userId } = orgOf(res);
    const { invitationId } = parseInput(z.object({ invitationId: uuidField }), req.params, 'params');
    const [row] = await ctx.db
      .update(invitations)
      .set({ revokedAt: new Date() })
      .where(and(eq(invitations.id, invitationId), eq(invitations.orgId, orgId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
      .returning();
    if (!row) throw new HttpError(404, 'invitation_not_found', `No open invitation ${invitationId} in this organization.`);
    await audit(ctx.db, orgId, userId, 'member.invitation_revoked', row.id, { email: row.email });
    res.status(204).end();
  });
  return router;
}

/** Transfer ownership: the target becomes owner, the current owner an admin. */
export function ownershipRoutes(ctx: ApiContext): Router {
  const router = Router({ mergeParams: true });
  router.post('/', requireRole(['owner']), async (req, res) => {
    const { orgId, userId: actor } = orgOf(res);
    const { userId: target } = parseInput(transferBody, req.body, 'body');
    if (target === actor) throw new HttpError(422, 'invalid_request', 'userId: you already own this organization.', [{ field: 'userId', problem: 'is you' }]);
    await ctx.db.transaction(async (tx) => {
      const [member] = await tx.select().from(memberships).where(and(eq(memberships.orgId, orgId), eq(memberships.userId, target)));
      if (!member) throw new HttpError(404, 'member_not_found', `No member ${target} in this organization; invite them first.`);
      await tx.update(memberships).set({ role: 'owner' }).where(and(eq(memberships.orgId, orgId), eq(memberships.userId, target)));
      await tx.update(memberships).set({ role: 'admin' }).where(and(eq(memberships.orgId, orgId), eq(memberships.userId, actor)));
      await audit(tx as unknown as Database, orgId, actor, 'member.ownership_transferred', target, { from: actor, previousRole: member.role });
    });
    res.json({ owner: target, you: 'admin' });
  });
  return router;
}

/**
 * Accepting an invitation as a signed-in user (`/api/v1/invitations/accept`): the invitation must
 * be for the caller's address, open and unexpired; it is used once.
 */
export async function acceptInvitation(db: Database, token: string, user: { id: string; email: string }) {
  if (!token || token.length > 100) throw new HttpError(410, 'invitation_not_valid', 'This invitation link is not valid.');
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(invitations).where(eq(invitations.tokenHash, sha256(token))).for('update');
    if (!row) throw new HttpError(410, 'invitation_not_valid', 'This invitation link is not valid; ask for a new one.');
    if (row.revokedAt) throw new HttpError(410, 'invitation_revoked', 'This invitation was withdrawn; ask for a new one.');
    if (row.acceptedAt) throw new HttpError(410, 'invitation_used', 'This invitation was already accepted.');
    if (row.expiresAt <= new Date()) throw new HttpError(410, 'invitation_expired', 'This invitation has expired; ask for a new one.');
    if (row.email.toLowerCase() !== user.email.toLowerCase()) {
      throw new HttpError(403, 'invitation_for_someone_else', `This invitation was sent to another address; log in as that address to accept it.`);
    }
    await tx.insert(memberships).values({ orgId: row.orgId, userId: user.id, role: row.role }).onConflictDoNothing();
    await tx.update(invitations).set({ acceptedAt: new Date(), acceptedBy: user.id }).where(eq(invitations.id, row.id));
    await tx.insert(auditLog).values({ orgId: row.orgId, actor: user.id, action: 'member.joined', subjectType: 'membership', subjectId: user.id, details: { role: row.role, invitationId: row.id } });
    return { orgId: row.orgId, role: row.role };
  });
}

export { ROLES };
