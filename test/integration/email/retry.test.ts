import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_COMMANDS } from '../../../cli/commands/admin.js';
import { startResendEmulator, type ResendEmulator } from '../../../emulators/resend/server.js';
import { outboxEmails } from '../../../db/schema/index.js';
import { testDatabaseUrl } from '../../support/database.js';
import { addressOf, queueNotice, resendEmail, waitForEmailStatus } from '../../support/email.js';
import { createTestUser, startStack, type TestStack } from '../../support/stack.js';

let emulator: ResendEmulator;
let stack: TestStack;
const retryEmail = ADMIN_COMMANDS.find((c) => c.name === 'admin retry-email')!;

beforeAll(async () => {
  emulator = await startResendEmulator();
  stack = await startStack({ email: resendEmail(emulator) });
  process.env.DATABASE_URL = testDatabaseUrl();
});

afterAll(async () => {
  delete process.env.DATABASE_URL;
  await stack?.stop();
  await emulator?.close();
});

const run = (positionals: string[], options: Record<string, string> = {}) => retryEmail.run({ positionals, options } as never);

describe('herald admin retry-email', () => {
  it('sends a failed mail again, as a new send, and never resends one that went out', async () => {
    const user = await createTestUser(stack);
    const address = await addressOf(stack.database.db, user.userId);
    const sent = await queueNotice(stack.database.db, user, 'post_alert.viral');
    await waitForEmailStatus(stack.database.db, sent.id, 'sent');
    // A mail the provider kept refusing until the workflow gave up.
    const [failed] = await stack.database.db
      .insert(outboxEmails)
      .values({ orgId: user.orgId, toUserId: user.userId, toAddress: address, kind: 'ai_budget', subject: 'Budget at 90 %', body: 'Herald used 90 %.', dedupeKey: `test:failed:${user.userId}`, status: 'failed', attempts: 8, lastError: 'Resend answered 500' })
      .returning();

    const result = (await run([failed!.id, sent.id])) as { data: { requeued: { id: string }[]; skipped: string[] }; text: string };
    expect(result.data.requeued.map((r) => r.id)).toEqual([failed!.id]);
    expect(result.data.skipped).toEqual([sent.id]);
    expect(result.text).toContain('never sent again');

    const delivered = await waitForEmailStatus(stack.database.db, failed!.id, 'sent');
    expect(delivered.retries).toBe(1);
    expect(delivered.lastError).toBeNull();
    const mails = emulator.state.emailsTo(address);
    expect(mails.map((m) => m.subject).sort()).toEqual(['Budget at 90 %', sent.subject].sort());
    expect(mails.find((m) => m.subject === 'Budget at 90 %')!.idempotencyKey).toBe(`${failed!.id}-retry-1`);
  });

  it('says what to type when the id or the date is not one', async () => {
    await expect(run(['not-an-id'])).rejects.toThrow('is not an e-mail id');
    await expect(run([], { 'failed-since': 'yesterday-ish' })).rejects.toThrow('--failed-since must be a date');
    await expect(run([])).rejects.toThrow('herald admin retry-email <emailId>');
  });
});
