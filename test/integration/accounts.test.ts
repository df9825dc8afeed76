import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { and, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { outboxEmails, sessions, users } from '../../db/schema/index.js';
import { runCli } from '../support/processes.js';
import { resetNetworkLimits } from '../support/auth-limits.js';
import { startStack, type TestStack } from '../support/stack.js';

/**
 * Sign-up, sessions and passwords as a browser and a script meet them: the real API on a real
 * database, cookies carried by hand as a browser would, mail read back from the outbox.
 */
let stack: TestStack;
beforeAll(async () => {
  stack = await startStack({ worker: false });
});
afterAll(() => stack?.stop());
beforeEach(() => resetNetworkLimits(stack));

const STRONG = 'correct horse battery staple';

/** A browser: keeps the session cookie it is given and sends it back. */
class Browser {
  cookie: string | undefined;
  csrf: string | undefined;
  lastSetCookie: string[] = [];
  async request(path: string, init: { method?: string; json?: unknown; csrf?: boolean } = {}): Promise<Response> {
    const headers = new Headers();
    if (init.json !== undefined) headers.set('content-type', 'application/json');
    if (this.cookie) headers.set('cookie', this.cookie);
    if (init.csrf !== false && this.csrf) headers.set('x-csrf-token', this.csrf);
    const res = await fetch(`${stack.baseUrl}${path}`, {
      method: init.method ?? (init.json !== undefined ? 'POST' : 'GET'),
      headers,
      body: init.json !== undefined ? JSON.stringify(init.json) : undefined,
    });
    this.lastSetCookie = res.headers.getSetCookie();
    for (const set of this.lastSetCookie) {
      const [pair] = set.split(';');
      if (pair!.startsWith('herald_session=')) this.cookie = pair!.endsWith('=') ? undefined : pair;
    }
    return res;
  }
  async json<T = Record<string, unknown>>(path: string, init: { method?: string; json?: unknown; csrf?: boolean } = {}): Promise<{ status: number; body: T }> {
    const res = await this.request(path, init);
    const text = await res.text();
    const body = (text ? JSON.parse(text) : {}) as T & { csrfToken?: string };
    if (body.csrfToken) this.csrf = body.csrfToken;
    return { status: res.status, body };
  }
}

const newEmail = () => `${randomBytes(5).toString('hex')}@bakery.example`;

async function signUp(email = newEmail(), password = STRONG) {
  const browser = new Browser();
  const res = await browser.json<{ user: { id: string }; orgId: string }>('/api/v1/auth/signup', {
    json: { email, password, name: 'Rosa Baker', organizationName: 'Rosa Bakery', timeZone: 'Europe/Berlin' },
  });
  expect(res.status).toBe(201);
  return { browser, email, userId: res.body.user.id, orgId: res.body.orgId };
}

/** The newest mail of `kind` to `address`, and the token its link carries. */
async function lastMail(address: string, kind: string) {
  const [mail] = await stack.database.db
    .select()
    .from(outboxEmails)
    .where(and(eq(outboxEmails.toAddress, address), eq(outboxEmails.kind, kind)))
    .orderBy(desc(outboxEmails.createdAt))
    .limit(1);
  return { mail, token: mail?.body.match(/#token=([A-Za-z0-9_-]+)/)?.[1] };
}

describe('signing up', () => {
  it('creates the user, an org they own and a session in an HttpOnly SameSite=Lax cookie, and asks them to confirm the address', async () => {
    const { browser, email, userId, orgId } = await signUp();
    const set = browser.lastSetCookie.find((c) => c.startsWith('herald_session='))!;
    expect(set).toMatch(/HttpOnly/i);
    expect(set).toMatch(/SameSite=Lax/i);
    // Reached on 127.0.0.1, so not Secure; anywhere else the cookie is Secure (unit-tested below by host).
    expect(set).not.toMatch(/Secure/i);

    const me = await browser.json<{ user: { id: string; emailVerified: boolean }; orgs: { id: string; role: string }[] }>('/api/v1/me');
    expect(me.status).toBe(200);
    expect(me.body.user.id).toBe(userId);
    expect(me.body.orgs).toEqual([expect.objectContaining({ id: orgId, role: 'owner', name: 'Rosa Bakery' })]);

    const [row] = await stack.database.db.select().from(users).where(eq(users.id, userId));
    expect(row!.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(row!.passwordHash).not.toContain(STRONG);
    expect(row!.timeZone).toBe('Europe/Berlin');

    const { mail, token } = await lastMail(email, 'verify_email');
    expect(mail?.orgId).toBeNull();
    expect(token).toBeDefined();
    const verified = await new Browser().json<{ user: { emailVerified: boolean } }>('/api/v1/auth/verify-email', { json: { token } });
    expect(verified.status).toBe(200);
    expect(verified.body.user.emailVerified).toBe(true);
    const again = await new Browser().json<{ error: { code: string } }>('/api/v1/auth/verify-email', { json: { token } });
    expect(again.status).toBe(410);
  });

  it('marks the cookie Secure when Herald is reached under a real host name', async () => {
    const url = new URL(stack.baseUrl);
    const body = JSON.stringify({ email: newEmail(), password: STRONG, name: 'Rosa', organizationName: 'Rosa Bakery', timeZone: 'UTC' });
    const setCookie = await new Promise<string[]>((resolve, reject) => {
      const req = http.request(
        { host: url.hostname, port: url.port, path: '/api/v1/auth/signup', method: 'POST', headers: { host: 'app.herald.example', 'content-type': 'application/json' } },
        (res) => {
          res.resume();
          resolve(res.headers['set-cookie'] ?? []);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
    expect(setCookie.find((c) => c.startsWith('herald_session='))).toMatch(/;\s*Secure/i);
  });

  it('refuses a short or common password with the reason, and saves nothing', async () => {
    const email = newEmail();
    for (const [password, reason] of [
      ['short1', 'at least 10 characters'],
      ['password123', 'most common passwords'],
    ] as const) {
      const res = await new Browser().json<{ error: { code: string; message: string } }>('/api/v1/auth/signup', {
        json: { email, password, name: 'Rosa', organizationName: 'Rosa Bakery', timeZone: 'Europe/Berlin' },
      });
      expect(res.status).toBe(422);
      expect(res.body.error.message).toContain('password');
      expect(res.body.error.message).toContain(reason);
    }
    expect(await stack.database.db.select().from(users).where(eq(users.email, email))).toHaveLength(0);
  });

  it('names missing and unknown fields', async () => {
    const res = await new Browser().json<{ error: { message: string } }>('/api/v1/auth/signup', {
      json: { email: newEmail(), password: STRONG, name: 'Rosa', timeZone: 'Europe/Berlin', role: 'owner' },
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.body.error.message).toContain('organizationName');
    expect(res.body.error.message).toContain('role');
  });

  it('does not say that an address is registered: no session, no second account, and a note to its owner', async () => {
    const { email, userId } = await signUp();
    const twice = new Browser();
    const res = await twice.json<{ message: string }>('/api/v1/auth/signup', {
      json: { email: email.toUpperCase(), password: STRONG, name: 'Mallory', organizationName: 'Other', timeZone: 'UTC' },
    });
    expect(res.status).toBe(201);
    expect(res.body.message).toContain('We sent a link');
    expect(twice.cookie).toBeUndefined();
    expect((await stack.database.db.select().from(users).where(eq(users.id, userId)))[0]!.name).toBe('Rosa Baker');
    expect((await lastMail(email, 'signup_attempt')).mail).toBeDefined();
  });

  it('limits sign-ups per network and says when to try again', async () => {
    for (let i = 0; i < 10; i++) await signUp();
    const res = await new Browser().request('/api/v1/auth/signup', {
      json: { email: newEmail(), password: STRONG, name: 'Rosa', organizationName: 'Rosa Bakery', timeZone: 'UTC' },
    });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await res.json()).error.message).toMatch(/try again after \d\d:\d\d UTC/);
  });
});

describe('logging in and out', () => {
  it('gives the same answer for a wrong password and an unknown address', async () => {
    const { email } = await signUp();
    const wrong = await new Browser().json('/api/v1/auth/login', { json: { email, password: 'not the password at all' } });
    const unknown = await new Browser().json('/api/v1/auth/login', { json: { email: newEmail(), password: 'not the password at all' } });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
  });

  it('locks an account after 5 failures, says when it may try again, and locks unknown addresses alike', async () => {
    const { email } = await signUp();
    const ghost = newEmail();
    for (const address of [email, ghost]) {
      for (let i = 0; i < 5; i++) expect((await new Browser().request('/api/v1/auth/login', { json: { email: address, password: 'wrong wrong wrong' } })).status).toBe(401);
      // Even the right password waits out the lock.
      const locked = await new Browser().request('/api/v1/auth/login', { json: { email: address, password: STRONG } });
      expect(locked.status).toBe(429);
      const retryAfter = Number(locked.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(900);
      expect((await locked.json()).error.message).toContain('for this account');
    }
  });

  it('logs in with the password, and a cookie alone cannot change anything without the CSRF token', async () => {
    const { email, orgId } = await signUp();
    const browser = new Browser();
    const login = await browser.json<{ csrfToken: string }>('/api/v1/auth/login', { json: { email: email.toUpperCase(), password: STRONG } });
    expect(login.status).toBe(200);
    expect(login.body.csrfToken).toBeTruthy();

    const forged = await browser.request(`/api/v1/orgs/${orgId}`, { method: 'PATCH', json: { requireSecondApprover: true }, csrf: false });
    expect(forged.status).toBe(403);
    expect((await forged.json()).error.code).toBe('csrf_token_missing');
    const session = await browser.json<{ csrfToken: string }>('/api/v1/auth/session');
    expect(session.body.csrfToken).toBe(login.body.csrfToken);
    const real = await browser.request(`/api/v1/orgs/${orgId}`, { method: 'PATCH', json: { requireSecondApprover: true } });
    expect(real.status).toBe(200);
  });

  it('logs out one session, or every session at once', async () => {
    const { browser, email } = await signUp();
    const phone = new Browser();
    await phone.json('/api/v1/auth/login', { json: { email, password: STRONG } });
    const laptop = new Browser();
    await laptop.json('/api/v1/auth/login', { json: { email, password: STRONG } });

    const out = await laptop.request('/api/v1/auth/logout', { json: {} });
    expect(out.status).toBe(204);
    expect(laptop.cookie).toBeUndefined();
    expect((await phone.request('/api/v1/me')).status).toBe(200);

    const everywhere = await browser.json<{ endedSessions: number }>('/api/v1/auth/logout-everywhere', { json: {} });
    expect(everywhere.status).toBe(200);
    expect((await phone.request('/api/v1/me')).status).toBe(401);
    expect((await browser.request('/api/v1/me')).status).toBe(401);
  });

  it('gives a script an API token for e-mail and password', async () => {
    const { email, userId } = await signUp();
    const res = await new Browser().json<{ token: string }>('/api/v1/auth/tokens', { json: { email, password: STRONG, label: 'laptop cli' } });
    expect(res.status).toBe(201);
    const me = await fetch(`${stack.baseUrl}/api/v1/me`, { headers: { authorization: `Bearer ${res.body.token}` } });
    expect((await me.json()).user.id).toBe(userId);
    expect((await new Browser().request('/api/v1/auth/tokens', { json: { email, password: 'nope nope nope' } })).status).toBe(401);
  });
});

describe('passwords and addresses', () => {
  it('resets a forgotten password by a single-use link, ending every session, with the same answer for unknown addresses', async () => {
    const { browser, email } = await signUp();
    const known = await new Browser().json('/api/v1/auth/forgot-password', { json: { email } });
    const unknownAddress = newEmail();
    const unknown = await new Browser().json('/api/v1/auth/forgot-password', { json: { email: unknownAddress } });
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(JSON.stringify(unknown.body).replace(unknownAddress, email)).toBe(JSON.stringify(known.body));
    expect((await lastMail(unknownAddress, 'reset_password')).mail).toBeUndefined();

    const { token } = await lastMail(email, 'reset_password');
    // A refused password does not use up the link.
    const weak = await new Browser().json<{ error: { message: string } }>('/api/v1/auth/reset-password', { json: { token, password: 'qwerty' } });
    expect(weak.status).toBe(422);
    const reset = await new Browser().json('/api/v1/auth/reset-password', { json: { token, password: 'a brand new sentence of words' } });
    expect(reset.status).toBe(200);
    expect((await browser.request('/api/v1/me')).status).toBe(401);
    expect((await new Browser().request('/api/v1/auth/login', { json: { email, password: STRONG } })).status).toBe(401);
    expect((await new Browser().request('/api/v1/auth/login', { json: { email, password: 'a brand new sentence of words' } })).status).toBe(200);
    expect((await new Browser().request('/api/v1/auth/reset-password', { json: { token, password: 'yet another long sentence' } })).status).toBe(410);
  });

  it('mails at most 3 reset links an hour to one account without saying so, and limits resets per network with a 429', async () => {
    const { email } = await signUp();
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await new Browser().json('/api/v1/auth/forgot-password', { json: { email } }));
    // The fourth answers like the others: a 429 only for registered addresses would tell who has an account.
    expect(answers.map((a) => a.status)).toEqual([202, 202, 202, 202]);
    expect(new Set(answers.map((a) => JSON.stringify(a.body))).size).toBe(1);
    const mails = await stack.database.db.select().from(outboxEmails).where(and(eq(outboxEmails.toAddress, email), eq(outboxEmails.kind, 'reset_password')));
    expect(mails).toHaveLength(3);

    for (let i = 0; i < 6; i++) expect((await new Browser().request('/api/v1/auth/forgot-password', { json: { email: newEmail() } })).status).toBe(202);
    const limited = await new Browser().request('/api/v1/auth/forgot-password', { json: { email: newEmail() } });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('changes the password only with the current one, keeping this session and ending the others', async () => {
    const { browser, email, userId } = await signUp();
    const other = new Browser();
    await other.json('/api/v1/auth/login', { json: { email, password: STRONG } });
    const wrong = await browser.json('/api/v1/auth/change-password', { json: { currentPassword: 'not it at all', newPassword: 'fresh long passphrase here' } });
    expect(wrong.status).toBe(403);
    const ok = await browser.json('/api/v1/auth/change-password', { json: { currentPassword: STRONG, newPassword: 'fresh long passphrase here' } });
    expect(ok.status).toBe(200);
    expect((await browser.request('/api/v1/me')).status).toBe(200);
    expect((await other.request('/api/v1/me')).status).toBe(401);
    expect(await stack.database.db.select().from(sessions).where(eq(sessions.userId, userId))).toHaveLength(1);
  });

  it('changes the e-mail address once the new address confirms it, and tells the old one', async () => {
    const { browser, email } = await signUp();
    const next = newEmail();
    const asked = await browser.json('/api/v1/auth/change-email', { json: { password: STRONG, newEmail: next } });
    expect(asked.status).toBe(202);
    expect((await new Browser().request('/api/v1/auth/login', { json: { email: next, password: STRONG } })).status).toBe(401);
    const { token } = await lastMail(next, 'change_email');
    expect((await new Browser().request('/api/v1/auth/verify-email', { json: { token } })).status).toBe(200);
    expect((await new Browser().request('/api/v1/auth/login', { json: { email: next, password: STRONG } })).status).toBe(200);
    expect((await lastMail(email, 'email_changed')).mail).toBeDefined();
  });
});

describe('herald login', () => {
  it('signs the CLI in with e-mail and a piped password, keeps the token in a 0600 file, and logout forgets it', async () => {
    const { email, orgId } = await signUp();
    const config = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-cli-'));
    try {
      const env = { HERALD_API_URL: stack.baseUrl, HERALD_API_TOKEN: '', XDG_CONFIG_HOME: config };
      const wrong = await runCli(['login', '--email', email], env, 'not my password\n');
      expect(wrong.code).not.toBe(0);
      expect(wrong.stderr).toContain('e-mail address or password is wrong');

      const login = await runCli(['login', '--email', email], env, `${STRONG}\n`);
      expect(login.stderr).toBe('');
      expect(login.stdout).toContain(`as ${email}`);
      const file = path.join(config, 'herald', 'credentials.json');
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      expect(fs.readFileSync(file, 'utf8')).not.toContain(STRONG);

      const shown = await runCli(['org', 'show', '--org', orgId, '--json'], env);
      expect(shown.code).toBe(0);
      expect(JSON.parse(shown.stdout).org.id).toBe(orgId);

      const out = await runCli(['logout'], env);
      expect(out.stdout).toContain('Logged out');
      expect((await runCli(['org', 'show', '--org', orgId], env)).code).not.toBe(0);
    } finally {
      fs.rmSync(config, { recursive: true, force: true });
    }
  });
});
