import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startResendEmulator, type ResendEmulator } from '../../../emulators/resend/server.js';
import { addressOf, queueNotice, resendEmail, waitForEmailStatus } from '../../support/email.js';
import { createTestUser, startStack, type TestStack } from '../../support/stack.js';

let emulator: ResendEmulator;
let stack: TestStack;

beforeAll(async () => {
  emulator = await startResendEmulator();
  stack = await startStack({ email: { ...resendEmail(emulator), unsubscribe: { secret: 'test-unsubscribe-secret-of-32-chars!!', baseUrl: 'https://herald.example' } } });
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
    expect(res.status).toBe(422);
    expect(JSON.stringify(await res.json())).toContain('newsletter');
  });

  it('each digest carries a one-click List-Unsubscribe link: opening it changes nothing, posting it turns the digest off', async () => {
    const user = await createTestUser(stack);
    const address = await addressOf(stack.database.db, user.userId);
    const digest = await queueNotice(stack.database.db, user, 'approval_digest');
    await waitForEmailStatus(stack.database.db, digest.id, 'sent');
    const [mail] = emulator.state.emailsTo(address);
    expect(mail!.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    const link = /^<https:\/\/herald\.example(\/api\/v1\/email\/unsubscribe\?token=[^>]+)>$/.exec(mail!.headers['List-Unsubscribe'] ?? '');
    expect(link).not.toBeNull();
    const url = `${stack.baseUrl}${link![1]}`;
    const preferences = async () => ((await (await user.request('/api/v1/me/email-preferences')).json()) as { preferences: Record<string, boolean> }).preferences;

    // Mail scanners open links: a GET only shows the button.
    const opened = await fetch(url);
    expect(opened.status).toBe(200);
    expect(await opened.text()).toContain('<form method="post">');
    expect((await preferences()).digest).toBe(true);

    const clicked = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(clicked.status).toBe(200);
    expect(await clicked.text()).toContain('You will no longer get digest e-mails');
    expect(await preferences()).toMatchObject({ digest: false, alerts: true });
  });

  it('a tampered unsubscribe link changes nothing', async () => {
    const user = await createTestUser(stack);
    const forged = `${user.userId}.alerts.${'A'.repeat(43)}`;
    const res = await fetch(`${stack.baseUrl}/api/v1/email/unsubscribe?token=${encodeURIComponent(forged)}`, { method: 'POST' });
    expect(res.status).toBe(400);
    const { preferences } = (await (await user.request('/api/v1/me/email-preferences')).json()) as { preferences: Record<string, boolean> };
    expect(preferences.alerts).toBe(true);
  });
});
