import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startResendEmulator, type ResendEmulator } from '../../../emulators/resend/server.js';
import { outboxEmails } from '../../../db/schema/index.js';
import { waitFor } from '../../support/processes.js';
import { addressOf, queueNotice, resendEmail, waitForEmailStatus } from '../../support/email.js';
import { createTestUser, startStack, type TestStack, type TestUser } from '../../support/stack.js';

let emulator: ResendEmulator;
let stack: TestStack;
let user: TestUser;
let address: string;

beforeAll(async () => {
  emulator = await startResendEmulator();
  stack = await startStack({ email: resendEmail(emulator) });
});

afterAll(async () => {
  await stack?.stop();
  await emulator?.close();
});

beforeEach(async () => {
  // A fresh recipient per test: faults and counts are per address.
  user = await createTestUser(stack);
  address = await addressOf(stack.database.db, user.userId);
});

describe('delivery through Resend', () => {
  it('sends a queued notice once, with the row id as Idempotency-Key, and records the provider id', async () => {
    const queued = await queueNotice(stack.database.db, user);
    const sent = await waitForEmailStatus(stack.database.db, queued.id, 'sent');

    const mails = emulator.state.emailsTo(address);
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ id: sent.providerMessageId, idempotencyKey: queued.id, subject: queued.subject, from: 'Herald <herald@example.test>' });
    expect(mails[0]!.text).toContain('Open Herald to approve them.');
    expect(sent).toMatchObject({ attempts: 1, transport: 'resend', lastError: null });
    expect(sent.sentAt).toBeInstanceOf(Date);
    const run = await stack.temporal.workflow.getHandle(`email-${queued.id}`).result();
    expect(run).toEqual({ outcome: 'sent', messageId: sent.providerMessageId });
  });

  it('waits out a 429 and a 500 and then sends exactly one mail, counting three attempts', async () => {
    emulator.state.addFault({ kind: 'rate_limit', to: address, retryAfterSeconds: 1 });
    emulator.state.addFault({ kind: 'server_error', to: address, status: 503 });
    const queued = await queueNotice(stack.database.db, user);
    const sent = await waitForEmailStatus(stack.database.db, queued.id, 'sent');

    expect(emulator.state.emailsTo(address)).toHaveLength(1);
    expect(sent).toMatchObject({ attempts: 3, lastError: null, providerMessageId: emulator.state.emailsTo(address)[0]!.id });
  });

  it('does not send twice when the connection drops after Resend accepted the mail', async () => {
    emulator.state.addFault({ kind: 'drop_after_accept', to: address });
    const queued = await queueNotice(stack.database.db, user);
    const sent = await waitForEmailStatus(stack.database.db, queued.id, 'sent');

    const mails = emulator.state.emailsTo(address);
    expect(mails).toHaveLength(1);
    // The retry carried the same key, so Resend answered with the first mail's id.
    expect(sent).toMatchObject({ attempts: 2, providerMessageId: mails[0]!.id });
  });

  it('shows Resend\'s answer on the row while it waits out Retry-After, and not sooner sends again', async () => {
    emulator.state.addFault({ kind: 'rate_limit', to: address, retryAfterSeconds: 4 });
    const queued = await queueNotice(stack.database.db, user);
    const waiting = await waitFor(
      async () => {
        const [row] = await stack.database.db.select().from(outboxEmails).where(eq(outboxEmails.id, queued.id));
        return row?.lastError ? row : undefined;
      },
      60_000,
      'the rate-limited attempt to be recorded',
    );
    expect(waiting).toMatchObject({ status: 'sending', attempts: 1, sentAt: null });
    expect(waiting.lastError).toContain('429');

    const sent = await waitForEmailStatus(stack.database.db, queued.id, 'sent');
    expect(sent.lastAttemptAt!.getTime() - waiting.lastAttemptAt!.getTime()).toBeGreaterThanOrEqual(3_500);
    expect(sent).toMatchObject({ attempts: 2, lastError: null });
    expect(emulator.state.emailsTo(address)).toHaveLength(1);
  });
});
