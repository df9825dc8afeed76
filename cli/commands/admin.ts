import { eq, sql } from 'drizzle-orm';
import { CliError } from '../api-client.js';
import type { Command } from '../command.js';

/**
 * `herald admin ...`: what only the server's operators may do, so it goes to the database
 * (DATABASE_URL) rather than through the API, where no signed-in user could grant it to themselves.
 */
async function withDatabase<T>(run: (db: import('../../db/client.js').Database) => Promise<T>): Promise<T> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    throw new CliError('herald admin talks to the database directly: set DATABASE_URL (on the server). With npm start\'s embedded database, list staff in HERALD_SUPPORT_EMAILS instead.', 64);
  }
  const { openDatabase } = await import('../../db/client.js');
  const handle = openDatabase(url, 1);
  try {
    return await run(handle.db);
  } finally {
    await handle.close();
  }
}

async function userByEmail(db: import('../../db/client.js').Database, email: string) {
  const { users } = await import('../../db/schema/index.js');
  const [user] = await db.select({ id: users.id, email: users.email }).from(users).where(sql`lower(${users.email}) = ${email.toLowerCase()}`);
  if (!user) throw new CliError(`No Herald user has the e-mail ${email}; they sign up first.`, 1);
  return user;
}

const grantSupport: Command = {
  name: 'admin grant-support',
  summary: 'Make a user Herald support staff (list and replay publishes in every org): herald admin grant-support <email> --reason <why>; needs DATABASE_URL',
  options: { reason: { type: 'string' }, by: { type: 'string' } },
  required: ['reason'],
  async run({ positionals, options }) {
    const email = positionals[0];
    if (!email) throw new CliError('herald admin grant-support <email> --reason <why>', 64);
    return withDatabase(async (db) => {
      const { auditLog, staffGrants } = await import('../../db/schema/index.js');
      const user = await userByEmail(db, email);
      const grantedBy = typeof options.by === 'string' ? options.by : (process.env.USER ?? 'server operator');
      const reason = String(options.reason);
      await db
        .insert(staffGrants)
        .values({ userId: user.id, grant: 'support', grantedBy, reason })
        .onConflictDoUpdate({ target: staffGrants.userId, set: { grantedBy, reason } });
      await db.insert(auditLog).values({ orgId: null, actor: grantedBy, action: 'staff.support_granted', subjectType: 'user', subjectId: user.id, details: { email: user.email, reason } });
      return { data: { userId: user.id, email: user.email, grant: 'support' }, text: `${user.email} is now Herald support staff.` };
    });
  },
};

const revokeSupport: Command = {
  name: 'admin revoke-support',
  summary: 'Take support-staff access away: herald admin revoke-support <email>; needs DATABASE_URL',
  options: { by: { type: 'string' } },
  async run({ positionals, options }) {
    const email = positionals[0];
    if (!email) throw new CliError('herald admin revoke-support <email>', 64);
    return withDatabase(async (db) => {
      const { auditLog, staffGrants } = await import('../../db/schema/index.js');
      const user = await userByEmail(db, email);
      const removed = await db.delete(staffGrants).where(eq(staffGrants.userId, user.id)).returning();
      const by = typeof options.by === 'string' ? options.by : (process.env.USER ?? 'server operator');
      if (removed.length) await db.insert(auditLog).values({ orgId: null, actor: by, action: 'staff.support_revoked', subjectType: 'user', subjectId: user.id, details: { email: user.email } });
      return { data: { userId: user.id, revoked: removed.length > 0 }, text: removed.length ? `${user.email} is no longer support staff.` : `${user.email} had no support grant.` };
    });
  },
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const retryEmail: Command = {
  name: 'admin retry-email',
  summary: 'Send failed e-mails again: herald admin retry-email <emailId>... | --failed-since <ISO date>; needs DATABASE_URL',
  options: { 'failed-since': { type: 'string' } },
  async run({ positionals, options }) {
    const since = typeof options['failed-since'] === 'string' ? new Date(options['failed-since']) : undefined;
    if (since && Number.isNaN(since.getTime())) throw new CliError(`--failed-since must be a date such as 2026-12-01, not "${options['failed-since']}".`, 64);
    const bad = positionals.find((id) => !UUID.test(id));
    if (bad) throw new CliError(`"${bad}" is not an e-mail id (a UUID, as /api/v1/dev/outbox and the support list show it).`, 64);
    if (positionals.length === 0 && !since) throw new CliError('herald admin retry-email <emailId>... or --failed-since <date>', 64);
    return withDatabase(async (db) => {
      const { requeueFailedEmails } = await import('../../db/queries/outbox.js');
      const requeued = await requeueFailedEmails(db, { ids: positionals.length ? positionals : undefined, since });
      const skipped = positionals.filter((id) => !requeued.some((r) => r.id === id));
      const text = [
        `${requeued.length} failed e-mail(s) queued again; the dispatcher sends them within seconds.`,
        ...requeued.map((r) => `  ${r.id} ${r.kind} to ${r.to} (retry ${r.retries})`),
        ...(skipped.length ? [`Not retried (unknown, or not failed: sent and dropped mail is never sent again): ${skipped.join(', ')}`] : []),
      ].join('\n');
      return { data: { requeued, skipped }, text };
    });
  },
};

export const ADMIN_COMMANDS: Command[] = [grantSupport, revokeSupport, retryEmail];
