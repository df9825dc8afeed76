import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEmailConfig } from '../../../config/email.js';
import { ConfigError } from '../../../config/env.js';
import { addressOf, queueNotice } from '../../support/email.js';
import { createTestUser, startStack, type TestStack } from '../../support/stack.js';

let stack: TestStack;

beforeAll(async () => {
  // No RESEND_API_KEY, no SMTP_URL: what a newcomer gets.
  stack = await startStack({ email: loadEmailConfig({}) });
});

afterAll(async () => {
  await stack?.stop();
});

describe('with no mail provider configured', () => {
  it('keeps the mail queued and shows it in the dev outbox, as JSON and as a page', async () => {
    const user = await createTestUser(stack);
    const address = await addressOf(stack.database.db, user.userId);
    const queued = await queueNotice(stack.database.db, user);

    const json = await fetch(`${stack.baseUrl}/api/v1/dev/outbox?to=${encodeURIComponent(address)}`);
    expect(json.status).toBe(200);
    const { emails } = (await json.json()) as { emails: { id: string; subject: string; status: string; to: string }[] };
    expect(emails).toEqual([expect.objectContaining({ id: queued.id, subject: queued.subject, status: 'queued', to: address })]);

    const page = await fetch(`${stack.baseUrl}/api/v1/dev/outbox?to=${encodeURIComponent(address)}`, { headers: { accept: 'text/html' } });
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    expect(html).toContain(queued.subject);
    expect(html).toContain('Open Herald to approve them.');
  });

  it('shows each mail\'s HTML as its reader gets it, in a sandboxed frame, with the plain text beside it', async () => {
    const user = await createTestUser(stack, { name: 'Ana <img src=x onerror=alert(1)>', timeZone: 'Asia/Tokyo' });
    const address = await addressOf(stack.database.db, user.userId);
    const queued = await queueNotice(stack.database.db, user, 'ai_budget');

    const json = await fetch(`${stack.baseUrl}/api/v1/dev/outbox?to=${encodeURIComponent(address)}`);
    const [email] = ((await json.json()) as { emails: { html: string; text: string }[] }).emails;
    expect(email!.html).toMatch(/^<!doctype html>/);
    expect(email!.html).toContain(`<title>${queued.subject}</title>`);
    expect(email!.html).toContain('Hello Ana &lt;img src=x onerror=alert(1)&gt;,');
    expect(email!.text).toContain('Open Herald to approve them.');

    const page = await (await fetch(`${stack.baseUrl}/api/v1/dev/outbox?to=${encodeURIComponent(address)}`, { headers: { accept: 'text/html' } })).text();
    const frame = /<iframe sandbox title="[^"]*" srcdoc="([^"]*)"><\/iframe>/.exec(page);
    expect(frame, 'a sandboxed frame holding the HTML part').not.toBeNull();
    const unescape = (s: string) => s.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
    expect(unescape(frame![1]!)).toBe(email!.html);
    // Outside the frame, what the mail holds is text: the reader's name never becomes markup of this page.
    expect(page.replace(frame![0], '')).not.toContain('<img');
    expect(page).toContain('<details><summary>Plain text</summary>');
  });
});

describe('e-mail configuration', () => {
  it('asks for EMAIL_FROM when a provider is configured', () => {
    expect(() => loadEmailConfig({ RESEND_API_KEY: 're_x' })).toThrow(ConfigError);
    expect(() => loadEmailConfig({ SMTP_URL: 'smtp://mail.example.com:587' })).toThrow(/EMAIL_FROM/);
  });

  it('prefers Resend when both are set and falls back to the dev outbox with neither', () => {
    expect(loadEmailConfig({ RESEND_API_KEY: 're_x', SMTP_URL: 'smtp://m:25', EMAIL_FROM: 'a@b.c' }).transport.kind).toBe('resend');
    expect(loadEmailConfig({ SMTP_URL: 'smtp://m:25', EMAIL_FROM: 'a@b.c' }).transport).toEqual({ kind: 'smtp', url: 'smtp://m:25' });
    expect(loadEmailConfig({}).transport.kind).toBe('outbox');
  });
});
