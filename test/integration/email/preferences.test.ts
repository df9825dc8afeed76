import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifyActivities } from '../../../activities/content/notify.js';
import { outboxEmails } from '../../../db/schema/index.js';
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
    expect(await res.json()).toEqual({ preferences: { digest: true, reminders: true, alerts: true, weekly: true, billing: true }, digestHour: 8 });
  });

  it('keeps the digest hour a person chose, and refuses an hour that is not one, saying what to send', async () => {
    const user = await createTestUser(stack);
    const set = await user.request('/api/v1/me/email-preferences', { method: 'PATCH', json: { digestHour: 6 } });
    expect(set.status).toBe(200);
    expect(await set.json()).toMatchObject({ digestHour: 6, preferences: { digest: true } });
    // Turning a category off leaves the hour as it was.
    await user.request('/api/v1/me/email-preferences', { method: 'PATCH', json: { alerts: false } });
    expect(await (await user.request('/api/v1/me/email-preferences')).json()).toMatchObject({ digestHour: 6, preferences: { alerts: false } });
    for (const digestHour of [24, 7.5, '7']) {
      const bad = await user.request('/api/v1/me/email-preferences', { method: 'PATCH', json: { digestHour } });
      expect(bad.status).toBe(422);
      expect(JSON.stringify(await bad.json())).toContain('whole hour from 0 to 23');
    }
  });

  it('a digest waits for the hour its reader chose, in their zone, while other mail goes at once', async () => {
    const user = await createTestUser(stack, { timeZone: 'Asia/Tokyo' });
    const address = await addressOf(stack.database.db, user.userId);
    await user.request('/api/v1/me/email-preferences', { method: 'PATCH', json: { digestHour: 7 } });
    const localDate = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    await notifyActivities(stack.database.db).notifyOrg({ orgId: user.orgId, audience: 'approvers', kind: 'approval_digest', subject: `Digest ${localDate}`, body: 'Open Herald.', dedupeKey: `test:${randomUUID()}`, data: { localDate } });
    const [digest] = await stack.database.db.select().from(outboxEmails).where(and(eq(outboxEmails.toUserId, user.userId), eq(outboxEmails.subject, `Digest ${localDate}`)));
    // 07:00 in Tokyo is 22:00 UTC the day before.
    expect(digest!.sendAfter!.toISOString()).toBe(`${new Date(Date.parse(`${localDate}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10)}T22:00:00.000Z`);
    const alert = await queueNotice(stack.database.db, user, 'post_alert.viral');
    await waitForEmailStatus(stack.database.db, alert.id, 'sent');
    expect(emulator.state.emailsTo(address).map((m) => m.subject)).toEqual([alert.subject]);
    expect((await stack.database.db.select({ status: outboxEmails.status }).from(outboxEmails).where(eq(outboxEmails.id, digest!.id)))[0]!.status).toBe('queued');

    // Once its hour has come, it goes.
    await stack.database.db.update(outboxEmails).set({ sendAfter: new Date(Date.now() - 1000) }).where(eq(outboxEmails.id, digest!.id));
    await waitForEmailStatus(stack.database.db, digest!.id, 'sent');
    const sent = emulator.state.emailsTo(address).find((m) => m.subject === `Digest ${localDate}`)!;
    // What arrives is the rendered mail: HTML and text, in the reader's zone.
    expect(sent.html).toContain('for your approval');
    expect(sent.text).toContain('Times are in Asia/Tokyo.');
  });

  it('the daily run waits for the earliest approver\'s digest hour', async () => {
    const owner = await createTestUser(stack, { timeZone: 'Europe/Berlin' });
    const early = await createTestUser(stack, { orgId: owner.orgId, role: 'approver', timeZone: 'Europe/Helsinki' });
    await createTestUser(stack, { orgId: owner.orgId, role: 'viewer', timeZone: 'Pacific/Kiritimati' });
    await early.request('/api/v1/me/email-preferences', { method: 'PATCH', json: { digestHour: 5 } });
    const due = await notifyActivities(stack.database.db).firstDigestDue({ orgId: owner.orgId, localDate: '2026-12-10', fallbackTimeZone: 'Europe/Berlin' });
    // Berlin 08:00 is 07:00 UTC; Helsinki 05:00 is 03:00 UTC; the viewer gets no digest and does not count.
    expect(due).toBe('2026-12-10T03:00:00.000Z');
    await early.request('/api/v1/me/email-preferences', { method: 'PATCH', json: { digestHour: 9 } });
    expect(await notifyActivities(stack.database.db).firstDigestDue({ orgId: owner.orgId, localDate: '2026-12-10', fallbackTimeZone: 'Europe/Berlin' })).toBe('2026-12-10T07:00:00.000Z');
    // A run in UTC+14 plans a day that begins at 10:00 UTC the day before: its readers' hour is on
    // that earlier date (Berlin 08:00 on 9 December), not a day later when the posts have gone out.
    expect(await notifyActivities(stack.database.db).firstDigestDue({ orgId: owner.orgId, localDate: '2026-12-10', fallbackTimeZone: 'Pacific/Kiritimati' })).toBe('2026-12-09T07:00:00.000Z');
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
