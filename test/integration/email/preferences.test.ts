import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startResendEmulator, type ResendEmulator } from '../../../emulators/resend/server.js';
import { addressOf, queueNotice, resendEmail, waitForEmailStatus } from '../../support/email.js';
import { createTestUser, startStack, type TestStack } from '../../support/stack.js';

let emulator: ResendEmulator;
let stack: TestStack;

beforeAll(async () => {
  emulator = await startResendEmulator();
  stack = await startStack({ email: resendEmail(emulator) });
});

afterAll(async () => {
  await stack?.stop();
  await emulator?.close();
});

describe('notification preferences', () => {
  it('starts with every category on', async () => {
    const user = await createTestUser(stack);
    const res = await user.request('/api/v1/me/email-preferences');
    expect(await res.json()).toEqual({ preferences: { digest: true, reminders: true, alerts: true, weekly: true, billing: true } });
  });

  it('a person who turned off the digest gets no digest, but still gets alerts', async () => {
    const user = await createTestUser(stack);
    const address = await addressOf(stack.database.db, user.userId);
    const patch = await user.request('/api/v1/me/email-preferences', { method: 'PATCH', json: { digest: false } });
    expect(patch.status).toBe(200);
    expect(((await patch.json()) as { preferences: Record<string, boolean> }).preferences).toMatchObject({ digest: false, alerts: true });

    const digest = await queueNotice(stack.database.db, user, 'approval_digest');
    const alert = await queueNotice(stack.database.db, user, 'post_alert.viral');
    const dropped = await waitForEmailStatus(stack.database.db, digest.id, 'dropped');
    expect(dropped.lastError).toBe('Not sent: the recipient turned off digest e-mails.');
    await waitForEmailStatus(stack.database.db, alert.id, 'sent');
    expect(emulator.state.emailsTo(address).map((m) => m.subject)).toEqual([alert.subject]);
  });

  it('refuses an unknown category, naming it', async () => {
    const user = await createTestUser(stack);
    const res = await user.request('/api/v1/me/email-preferences', { method: 'PATCH', json: { newsletter: false } });
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain('newsletter');
  });
});
