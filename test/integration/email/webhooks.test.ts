import { randomBytes, randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startResendEmulator, type ResendEmulator } from '../../../emulators/resend/server.js';
import { suppressionOf } from '../../../db/queries/email-suppressions.js';
import { addressOf, queueNotice, resendEmail, waitForEmailStatus } from '../../support/email.js';
import { createTestUser, startStack, type TestStack } from '../../support/stack.js';

const secret = `whsec_${randomBytes(24).toString('base64')}`;
let emulator: ResendEmulator;
let stack: TestStack;

beforeAll(async () => {
  emulator = await startResendEmulator();
  stack = await startStack({ email: { ...resendEmail(emulator), webhookSecret: secret } });
});

afterAll(async () => {
  await stack?.stop();
  await emulator?.close();
});

/** Posts an event as Resend does: svix headers signed over the exact body. */
async function postEvent(event: unknown, tamper = false) {
  const id = `msg_${randomUUID()}`;
  const body = JSON.stringify(event);
  const timestamp = new Date();
  const signature = new Webhook(secret).sign(id, timestamp, body);
  return fetch(`${stack.baseUrl}/api/v1/webhooks/resend`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'svix-id': id, 'svix-timestamp': String(Math.floor(timestamp.getTime() / 1000)), 'svix-signature': signature },
    body: tamper ? body.replace('bounced', 'delivered') : body,
  });
}

const bounce = (to: string, type = 'Permanent') => ({
  type: 'email.bounced',
  created_at: new Date().toISOString(),
  data: { email_id: randomUUID(), from: 'Herald <herald@example.test>', to: [to], subject: 'Posts are waiting', bounce: { type, subType: 'General', message: 'The recipient mailbox does not exist' } },
});

describe('Resend webhooks', () => {
  it('a hard bounce makes the address undeliverable: the next mail to it is dropped, not sent', async () => {
    const user = await createTestUser(stack);
    const address = await addressOf(stack.database.db, user.userId);
    expect((await postEvent(bounce(address))).status).toBe(200);

    const queued = await queueNotice(stack.database.db, user);
    const dropped = await waitForEmailStatus(stack.database.db, queued.id, 'dropped');
    expect(dropped.lastError).toContain(`${address} bounced`);
    expect(dropped.lastError).toContain('The recipient mailbox does not exist');
    expect(emulator.state.emailsTo(address)).toHaveLength(0);
  });

  it('a complaint stops mail too; a transient bounce does not', async () => {
    const complainer = await addressOf(stack.database.db, (await createTestUser(stack)).userId);
    const fullMailbox = await addressOf(stack.database.db, (await createTestUser(stack)).userId);
    expect((await postEvent({ type: 'email.complained', created_at: new Date().toISOString(), data: { email_id: randomUUID(), to: [complainer] } })).status).toBe(200);
    expect((await postEvent(bounce(fullMailbox, 'Transient'))).status).toBe(200);

    expect(await suppressionOf(stack.database.db, complainer)).toMatchObject({ reason: 'complained' });
    expect(await suppressionOf(stack.database.db, fullMailbox)).toBeUndefined();
  });

  it('refuses an event whose body does not match its signature, and changes nothing', async () => {
    const address = await addressOf(stack.database.db, (await createTestUser(stack)).userId);
    const res = await postEvent(bounce(address), true);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error).toMatchObject({ code: 'bad_signature' });
    expect(await suppressionOf(stack.database.db, address)).toBeUndefined();
  });
});
