import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenVault } from '../../../activities/platforms/token-vault.js';
import { parseEncryptionKeys } from '../../../config/platforms.js';
import { saveRefreshedTokens, upsertConnectedAccount } from '../../../db/queries/accounts.js';
import { startPlatformEmulator, type PlatformEmulator } from '../../../emulators/platforms/server.js';
import { TEST_ENCRYPTION_KEYS } from '../../support/platforms.js';
import { createTestUser, startStack, type TestStack, type TestUser } from '../../support/stack.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const run = promisify(execFile);

let emulator: PlatformEmulator;
let stack: TestStack;
let alice: TestUser;
let bob: TestUser;
const savedEnv = { ...process.env };

beforeAll(async () => {
  emulator = await startPlatformEmulator();
  // The API builds its platform services from the environment, as in production.
  Object.assign(process.env, { PLATFORM_EMULATOR_URL: emulator.url, HERALD_ENCRYPTION_KEYS: TEST_ENCRYPTION_KEYS });
  stack = await startStack({ worker: false });
  alice = await createTestUser(stack, { name: 'Alice' });
  bob = await createTestUser(stack, { name: 'Bob' });
});
afterAll(async () => {
  await stack?.stop();
  await emulator?.close();
  process.env = savedEnv;
});

const accountsOf = (user: TestUser, orgId = user.orgId) => `/api/v1/orgs/${orgId}/accounts`;

async function connectSandbox(user: TestUser, platform: string, account?: string) {
  const res = await user.request(`${accountsOf(user)}/connect-sandbox`, { method: 'POST', json: { platform, account } });
  expect(res.status).toBe(201);
  return (await res.json()).account as { id: string; sandbox: boolean; label?: string; status: string; displayName: string };
}

/** Starts a connect as the browser app does: the answer sets the cookie that binds the flow to this browser. */
async function startInBrowser(user: TestUser, platform: string): Promise<{ authorizationUrl: string; sandbox: boolean; cookie: string }> {
  const start = await user.request(`${accountsOf(user)}/connect`, { method: 'POST', json: { platform } });
  expect(start.status).toBe(201);
  const setCookie = start.headers.get('set-cookie') ?? '';
  return { ...(await start.json()), cookie: setCookie.split(';')[0]! };
}

/** Follows the authorization URL like a browser: consent page, approve, back to our callback with the browser's cookies. */
async function browserConsent(authorizationUrl: string, cookie = ''): Promise<Response> {
  const page = await fetch(authorizationUrl);
  expect(await page.text()).toContain('Sandbox');
  const approve = new URL(authorizationUrl);
  approve.searchParams.set('approve', '1');
  const redirect = await fetch(approve, { redirect: 'manual' });
  expect(redirect.status).toBe(302);
  const callback = new URL(redirect.headers.get('location')!);
  return fetch(`${stack.baseUrl}${callback.pathname}${callback.search}`, { headers: { accept: 'application/json', ...(cookie && { cookie }) } });
}

describe('accounts API', () => {
  it('offers every platform in sandbox mode when no credentials are configured', async () => {
    const res = await alice.request(accountsOf(alice));
    const body = await res.json();
    expect(res.status).toBe(200);
    expect(body.accounts).toEqual([]);
    expect(body.platforms.filter((p: { mode: string }) => p.mode === 'sandbox').map((p: { platform: string }) => p.platform)).toEqual([
      'x',
      'linkedin',
      'facebook',
      'instagram',
      'tiktok',
      'youtube',
    ]);
  });

  it('connects a sandbox account server-side and labels it Sandbox, without any token in the answer', async () => {
    const res = await alice.request(`${accountsOf(alice)}/connect-sandbox`, { method: 'POST', json: { platform: 'x' } });
    const raw = await res.text();
    expect(res.status).toBe(201);
    const { account } = JSON.parse(raw);
    expect(account).toMatchObject({ platform: 'x', externalId: 'sandbox-x-1', sandbox: true, label: 'Sandbox', status: 'connected' });
    for (const token of emulator.state.tokens.values()) expect(raw).not.toContain(token.accessToken);
    expect(raw).not.toMatch(/token_?enc|TokenEnc|refreshToken|accessToken"/i);
  });

  it('connects through the browser flow: authorization URL, consent page, callback in the browser that started it', async () => {
    const { authorizationUrl, sandbox, cookie } = await startInBrowser(alice, 'linkedin');
    expect(sandbox).toBe(true);
    expect(authorizationUrl).toContain(`${emulator.url}/linkedin/oauth/v2/authorization`);
    const callback = await browserConsent(authorizationUrl, cookie);
    expect(callback.status).toBe(200);
    expect((await callback.json()).account).toMatchObject({ platform: 'linkedin', sandbox: true, orgId: alice.orgId });
    expect(callback.headers.get('set-cookie')).toMatch(/Max-Age=0/);
  });

  it('binds the flow to the starting browser with an HttpOnly, SameSite=Lax cookie scoped to the OAuth callbacks', async () => {
    const start = await alice.request(`${accountsOf(alice)}/connect`, { method: 'POST', json: { platform: 'x' } });
    const setCookie = start.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).toMatch(/Path=\/api\/v1\/oauth/);
  });

  it("refuses a forged finish: the victim's browser coming back with an attacker-started state connects nothing", async () => {
    const mallory = await createTestUser(stack, { name: 'Mallory' });
    const { authorizationUrl, cookie: malloryCookie } = await startInBrowser(mallory, 'facebook');
    const victimCookie = (await startInBrowser(alice, 'facebook')).cookie;
    // No cookie, the victim's own (for another state), and one named for Mallory's state with a guessed value.
    for (const cookie of ['', victimCookie, malloryCookie.replace(/=.*/, '=guessed')]) {
      const attempt = await browserConsent(authorizationUrl, cookie);
      expect({ cookie, status: attempt.status }).toEqual({ cookie, status: 400 });
      expect((await attempt.json()).error.code).toBe('invalid_state');
    }
    const { accounts } = await (await mallory.request(accountsOf(mallory))).json();
    expect(accounts).toEqual([]);
  });

  it('connects a sandbox account on each of the six platforms through the emulator\'s OAuth pages', async () => {
    const carol = await createTestUser(stack, { name: 'Carol' });
    for (const platform of ['x', 'linkedin', 'facebook', 'instagram', 'tiktok', 'youtube']) {
      const res = await carol.request(`${accountsOf(carol)}/connect-sandbox`, { method: 'POST', json: { platform } });
      expect({ platform, status: res.status }).toEqual({ platform, status: 201 });
    }
    const { accounts } = await (await carol.request(accountsOf(carol))).json();
    expect(accounts).toHaveLength(6);
    expect(accounts.every((a: { sandbox: boolean; label: string; status: string }) => a.sandbox && a.label === 'Sandbox' && a.status === 'connected')).toBe(true);
  });

  it('refuses a callback whose state is unknown or already used', async () => {
    const { authorizationUrl, cookie } = await startInBrowser(alice, 'facebook');
    const approve = new URL(authorizationUrl);
    approve.searchParams.set('approve', '1');
    const location = new URL((await fetch(approve, { redirect: 'manual' })).headers.get('location')!);
    const headers = { accept: 'application/json', cookie };
    const first = await fetch(`${stack.baseUrl}${location.pathname}${location.search}`, { headers });
    expect(first.status).toBe(200);
    const replay = await fetch(`${stack.baseUrl}${location.pathname}${location.search}`, { headers });
    expect(replay.status).toBe(400);
    expect((await replay.json()).error.code).toBe('invalid_state');
  });

  it('refuses an unknown platform naming the ones it knows', async () => {
    const res = await alice.request(`${accountsOf(alice)}/connect-sandbox`, { method: 'POST', json: { platform: 'myspace' } });
    expect(res.status).toBe(422);
    expect((await res.json()).error.message).toContain('x, linkedin, facebook');
  });

  it('lets only owners and admins connect accounts', async () => {
    const viewer = await createTestUser(stack, { orgId: alice.orgId, role: 'viewer' });
    const res = await viewer.request(`${accountsOf(viewer, alice.orgId)}/connect-sandbox`, { method: 'POST', json: { platform: 'x' } });
    expect(res.status).toBe(403);
    expect((await viewer.request(accountsOf(viewer, alice.orgId))).status).toBe(200);
  });

  it('disconnects an account and forgets its tokens', async () => {
    const account = await connectSandbox(alice, 'x', 'to-disconnect');
    const res = await alice.request(`${accountsOf(alice)}/${account.id}`, { method: 'DELETE' });
    expect(res.status).toBe(200);
    expect((await res.json()).account.status).toBe('disconnected');
    const row = await stack.database.pool.query('select access_token_enc, refresh_token_enc from social_accounts where id = $1', [account.id]);
    expect(row.rows[0]).toEqual({ access_token_enc: null, refresh_token_enc: null });
  });
});

describe('accounts API tenant isolation', () => {
  it('answers 404 to another org\'s user for the list, one account, and disconnect, and leaves the account alone', async () => {
    const account = await connectSandbox(alice, 'facebook', 'alices-page');
    expect((await bob.request(accountsOf(bob, alice.orgId))).status).toBe(404);
    expect((await bob.request(`${accountsOf(bob)}/${account.id}`)).status).toBe(404);
    expect((await bob.request(`${accountsOf(bob)}/${account.id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await bob.request(`${accountsOf(bob, alice.orgId)}/connect-sandbox`, { method: 'POST', json: { platform: 'x' } })).status).toBe(404);
    const mine = await (await alice.request(`${accountsOf(alice)}/${account.id}`)).json();
    expect(mine.account.status).toBe('connected');
    const bobs = await (await bob.request(accountsOf(bob))).json();
    expect(bobs.accounts).toEqual([]);
  });
});

describe('stored refresh tokens', () => {
  const vault = new TokenVault(parseEncryptionKeys(TEST_ENCRYPTION_KEYS));
  const seal = (value: string) => vault.seal(value, 'ctx');

  it('survive a reconnect that brings no refresh token, and a refresh answer without one', async () => {
    const base = { orgId: alice.orgId, platform: 'x', externalId: 'keeps-refresh', displayName: 'K', sandbox: true, scopes: [] };
    const first = await upsertConnectedAccount(stack.database.db, { ...base, accessTokenEnc: seal('a1').ciphertext, refreshTokenEnc: seal('r1').ciphertext, tokenKeyId: 't1' });
    const stored = (await stack.database.pool.query('select refresh_token_enc from social_accounts where id = $1', [first.id])).rows[0].refresh_token_enc;
    await upsertConnectedAccount(stack.database.db, { ...base, accessTokenEnc: seal('a2').ciphertext, tokenKeyId: 't1' });
    await saveRefreshedTokens(stack.database.db, first.id, { accessTokenEnc: seal('a3').ciphertext, tokenKeyId: 't1', scopes: [] });
    const after = (await stack.database.pool.query('select access_token_enc, refresh_token_enc from social_accounts where id = $1', [first.id])).rows[0];
    expect(after.refresh_token_enc).toBe(stored);
    expect(vault.open(after.access_token_enc, 'ctx')).toBe('a3');
  });
});

describe('herald accounts (CLI, as a real process)', () => {
  const cli = (args: string[], user: TestUser) =>
    run(process.execPath, ['bin/herald.js', ...args], { cwd: ROOT, env: { ...process.env, HERALD_API_URL: stack.baseUrl, HERALD_API_TOKEN: user.token } }).catch(
      (err: { stdout: string; code: number }) => ({ stdout: err.stdout, code: err.code }),
    );

  it('connects a sandbox account and lists it with --json', async () => {
    const connected = await cli(['accounts', 'connect-sandbox', '--platform', 'linkedin', '--account', 'cli-member', '--json'], bob);
    expect(JSON.parse(connected.stdout).account).toMatchObject({ externalId: 'cli-member', sandbox: true });
    const listed = JSON.parse((await cli(['accounts', 'list', '--json'], bob)).stdout);
    expect(listed.orgId).toBe(bob.orgId);
    expect(listed.accounts).toEqual([expect.objectContaining({ platform: 'linkedin', externalId: 'cli-member', label: 'Sandbox', status: 'connected' })]);
  });

  it('connects a real-flow account started in the terminal: the page shows a code only the starter can redeem', async () => {
    const started = JSON.parse((await cli(['accounts', 'connect', '--platform', 'tiktok', '--json'], bob)).stdout);
    expect(started.finishIn).toBe('terminal');
    // Whoever opens the link (the starter, or a victim someone sent it to) gets a code, not an account.
    const page = await browserConsent(started.authorizationUrl);
    expect(page.status).toBe(200);
    const { finishCode, warning } = await page.json();
    expect(warning).toContain('do not give them the code');
    const stolen = await cli(['accounts', 'finish', finishCode, '--json'], alice);
    expect(JSON.parse(stolen.stdout).error.message).toContain('(invalid_state, HTTP 400)');
    // The forged attempt used the state up: a real finish needs a fresh start, which then works.
    const again = JSON.parse((await cli(['accounts', 'connect', '--platform', 'tiktok', '--json'], bob)).stdout);
    const code = (await (await browserConsent(again.authorizationUrl)).json()).finishCode;
    const finished = await cli(['accounts', 'finish', code, '--json'], bob);
    expect(JSON.parse(finished.stdout).account).toMatchObject({ platform: 'tiktok', orgId: bob.orgId, sandbox: true });
  });

  it('refuses --user that is not the token\'s owner', async () => {
    const result = await cli(['accounts', 'list', '--user', alice.userId, '--json'], bob);
    expect((result as { code?: number }).code).toBe(64);
    expect(JSON.parse(result.stdout).error.message).toContain('HERALD_API_TOKEN belongs to');
  });
});
