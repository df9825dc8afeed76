import { createHash } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { ConnectError, connectSandbox, finishConnect, newBrowserNonce, startConnect } from '../../activities/platforms/connect.js';
import { PlatformError } from '../../activities/platforms/types.js';
import { PLATFORM_LIMITS } from '../../core/platform-rules/index.js';
import { PLATFORMS, type Platform } from '../../core/platforms.js';
import { connectStateFinishIn, disconnectAccount, findAccountInOrg, listAccounts, type PublicAccount } from '../../db/queries/accounts.js';
import { orgOf } from '../auth.js';
import { and, eq, inArray, notInArray } from 'drizzle-orm';
import { PLAN_LABELS } from '../../core/plans.js';
import { accountActivity } from '../../db/queries/billing.js';
import { auditLog, socialAccounts } from '../../db/schema/index.js';
import { billingOf, platformServicesOf, type ApiContext } from '../context.js';
import { HttpError, parseInput } from '../errors.js';
import { admitAccount, requireRoomForAccount } from '../limits.js';
import { uuidField } from '../validation.js';

/**
 * Social accounts of an org: list, connect (real OAuth or the sandbox shortcut), disconnect.
 * Tokens never leave the database through here; rows are shown without their token columns.
 */

const platformField = z.enum(PLATFORMS, { message: `must be one of ${PLATFORMS.join(', ')}` });
export const connectBody = z.strictObject({
  platform: platformField,
  /** browser: the callback finishes in the browser that called this; terminal: `herald accounts finish <code>` does. */
  finishIn: z.enum(['browser', 'terminal']).default('browser'),
});
export const finishBody = z.strictObject({ finishCode: z.string().min(3).max(4096) });
export const sandboxBody = z.strictObject({
  platform: platformField,
  /** The sandbox account's external id (the emulator's `account`); default sandbox-<platform>-1. */
  account: z.string().trim().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits, dot, dash, underscore').optional(),
});
const accountParams = z.object({ accountId: uuidField });
export const activeBody = z.strictObject({
  accountIds: z.array(uuidField).min(1, 'choose at least one account').max(50).refine((ids) => new Set(ids).size === ids.length, 'list each account once'),
});
export const callbackQuery = z.object({
  code: z.string().min(1).max(4096).optional(),
  state: z.string().min(1, 'state is required').max(512),
  error: z.string().max(200).optional(),
  error_description: z.string().max(2000).optional(),
});
const MANAGERS = new Set(['owner', 'admin']);

/**
 * The cookie that binds a connect to the browser that started it: one per state (so two connects
 * in one browser do not clash), sent only to the OAuth callbacks, and SameSite=Lax so the
 * top-level redirect back from the platform carries it.
 */
const CALLBACK_PATH = '/api/v1/oauth';
const NONCE_COOKIE_MAX_AGE_S = 10 * 60;
const nonceCookieName = (state: string) => `herald_oauth_${createHash('sha256').update(state).digest('hex').slice(0, 16)}`;

function nonceCookie(ctx: ApiContext, name: string, value: string, maxAgeSeconds: number): string {
  const secure = ctx.config.apiUrl.startsWith('https:') ? '; Secure' : '';
  return `${name}=${value}; Path=${CALLBACK_PATH}; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Lax${secure}`;
}

function cookieValue(req: Request, name: string): string | undefined {
  for (const part of (req.header('cookie') ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}

const redirectUriFor = (ctx: ApiContext, platform: Platform) => `${ctx.config.apiUrl.replace(/\/$/, '')}/api/v1/oauth/${platform}/callback`;

/** Account rows as the API shows them: the sandbox flag spelled out, no tokens. */
export function presentAccount(account: PublicAccount) {
  const platform = account.platform as Platform;
  return { ...account, platformLabel: PLATFORM_LIMITS[platform]?.label ?? account.platform, label: account.sandbox ? 'Sandbox' : undefined };
}

/** Platform and connect failures as HTTP answers a person can act on. */
function asHttpError(err: unknown): unknown {
  if (err instanceof ConnectError) return new HttpError(err.code === 'not_sandbox' ? 409 : 400, err.code, err.message);
  if (!(err instanceof PlatformError)) return err;
  const status = { permanent: 422, retryable: 503, needs_reconnect: 409, unconfirmed: 504 }[err.kind];
  return new HttpError(status, `platform_${err.kind}`, err.message, err.options.retryAfterMs ? { retryAfterMs: err.options.retryAfterMs } : undefined);
}

async function answering<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw asHttpError(err);
  }
}

/** Every connect path checks the plan's account limit once the platform names the account. */
const connectDeps = (ctx: ApiContext) => ({ db: ctx.db, platforms: platformServicesOf(ctx), admitAccount: admitAccount(ctx) });

function requireManager(res: Response): void {
  const { role } = orgOf(res);
  if (!MANAGERS.has(role)) throw new HttpError(403, 'forbidden', `Connecting and disconnecting accounts needs the owner or admin role; you are ${role}.`);
}

export function accountRoutes(ctx: ApiContext): Router {
  const router = Router({ mergeParams: true });
  platformServicesOf(ctx);

  router.get('/', async (_req, res) => {
    const { orgId } = orgOf(res);
    const { registry, config } = platformServicesOf(ctx);
    const platforms = PLATFORMS.map((platform) => ({ platform, label: PLATFORM_LIMITS[platform].label, mode: registry.mode(platform) ?? 'unavailable' }));
    const [accounts, activity] = await Promise.all([listAccounts(ctx.db, orgId), accountActivity(ctx.db, orgId, billingOf(ctx))]);
    res.json({
      accounts: accounts.map((a) => ({ ...presentAccount(a), active: a.status !== 'disconnected' && activity.active.has(a.id) })),
      platforms,
      sandboxAvailable: Boolean(config.emulatorUrl),
      activeLimit: { max: activity.max, plan: activity.plan, paused: activity.paused.length, chosen: activity.chosen },
    });
  });

  /**
   * Over the plan's account limit (after a downgrade), the owner or admin chooses which accounts
   * keep publishing; the others pause, nothing is deleted. Within the limit every account publishes.
   */
  router.put('/active', async (req, res) => {
    requireManager(res);
    const { accountIds } = parseInput(activeBody, req.body, 'body');
    const { orgId, userId } = orgOf(res);
    const activity = await accountActivity(ctx.db, orgId, billingOf(ctx));
    const counted = new Set([...activity.active, ...activity.paused.map((a) => a.id)]);
    const unknown = accountIds.filter((id) => !counted.has(id));
    if (unknown.length) throw new HttpError(404, 'account_not_found', `No connected account ${unknown.join(', ')} in this organization.`);
    if (activity.max !== null && accountIds.length > activity.max) {
      throw new HttpError(422, 'too_many_active', `The ${PLAN_LABELS[activity.plan]} plan keeps ${activity.max} accounts active; you chose ${accountIds.length}. Choose at most ${activity.max}, or upgrade.`);
    }
    const now = new Date();
    await ctx.db.transaction(async (tx) => {
      await tx.update(socialAccounts).set({ keptAt: null }).where(and(eq(socialAccounts.orgId, orgId), notInArray(socialAccounts.id, accountIds)));
      await tx.update(socialAccounts).set({ keptAt: now }).where(and(eq(socialAccounts.orgId, orgId), inArray(socialAccounts.id, accountIds)));
      await tx.insert(auditLog).values({ orgId, actor: userId, action: 'accounts.active_chosen', subjectType: 'organization', subjectId: orgId, details: { accountIds } });
    });
    const after = await accountActivity(ctx.db, orgId, billingOf(ctx));
    res.json({ active: [...after.active], paused: after.paused });
  });

  router.get('/:accountId', async (req, res) => {
    const { accountId } = parseInput(accountParams, req.params, 'params');
    const account = await findAccountInOrg(ctx.db, orgOf(res).orgId, accountId);
    if (!account) throw new HttpError(404, 'account_not_found', `No account ${accountId} in this organization.`);
    res.json({ account: presentAccount(account) });
  });

  router.post('/connect', async (req, res) => {
    requireManager(res);
    const { platform, finishIn } = parseInput(connectBody, req.body, 'body');
    const { orgId, userId } = orgOf(res);
    await requireRoomForAccount(ctx, orgId, platform);
    const browserNonce = newBrowserNonce();
    const starter = finishIn === 'browser' ? { finishIn, browserNonce } : { finishIn };
    const deps = connectDeps(ctx);
    const started = await answering(() => startConnect(deps, { orgId, userId, platform, redirectUri: redirectUriFor(ctx, platform), starter }));
    if (finishIn === 'browser') res.append('set-cookie', nonceCookie(ctx, nonceCookieName(started.state), browserNonce, NONCE_COOKIE_MAX_AGE_S));
    res.status(201).json({ authorizationUrl: started.authorizationUrl, sandbox: started.sandbox, finishIn });
  });

  /** The terminal finish: the code the callback page showed, sent by the user who started the connect. */
  router.post('/connect/finish', async (req, res) => {
    requireManager(res);
    const { finishCode } = parseInput(finishBody, req.body, 'body');
    const [platform, state, ...code] = finishCode.split('.');
    const known = platformField.safeParse(platform);
    if (!known.success || !state || code.length === 0) throw new HttpError(400, 'invalid_finish_code', 'That is not a finish code from Herald\'s connect page; copy the whole code.');
    const { orgId, userId } = orgOf(res);
    const deps = connectDeps(ctx);
    const finisher = { finishIn: 'terminal' as const, orgId, userId };
    const account = await answering(() => finishConnect(deps, { platform: known.data, state, code: code.join('.'), finisher }));
    res.status(201).json({ account: presentAccount(account) });
  });

  router.post('/connect-sandbox', async (req, res) => {
    requireManager(res);
    const { platform, account } = parseInput(sandboxBody, req.body, 'body');
    const { orgId, userId } = orgOf(res);
    await requireRoomForAccount(ctx, orgId, platform);
    const connected = await answering(() => connectSandbox(connectDeps(ctx), { orgId, userId, platform, account, redirectUri: redirectUriFor(ctx, platform) }));
    res.status(201).json({ account: presentAccount(connected) });
  });

  router.delete('/:accountId', async (req, res) => {
    requireManager(res);
    const { accountId } = parseInput(accountParams, req.params, 'params');
    const account = await disconnectAccount(ctx.db, orgOf(res).orgId, accountId);
    if (!account) throw new HttpError(404, 'account_not_found', `No account ${accountId} in this organization.`);
    res.json({ account: presentAccount(account) });
  });

  return router;
}

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A connect started from the CLI is finished there: this page only hands over the code, with a warning. */
function terminalFinishPage(req: Request, res: Response, finishCode: string): void {
  const warning = 'Only paste it into a terminal where you yourself ran herald accounts connect. If someone sent you this link, do not give them the code: it would connect your account to their Herald organization.';
  if (req.accepts(['json', 'html']) === 'json') {
    res.json({ finishIn: 'terminal', finishCode, warning });
    return;
  }
  res
    .type('html')
    .send(`<!doctype html><title>Finish in your terminal</title><p>To finish connecting, run:</p><pre>herald accounts finish ${escapeHtml(finishCode)}</pre><p>${escapeHtml(warning)}</p>`);
}

/**
 * GET /api/v1/oauth/:platform/callback. The browser arrives here from the platform without our
 * bearer token; the one-time `state` stored at connect time says which org and user it is for, and
 * the nonce cookie set by the start proves this is the browser that started it.
 */
export function oauthCallbackRoutes(ctx: ApiContext): Router {
  const router = Router();
  platformServicesOf(ctx);
  router.get('/:platform/callback', async (req, res) => {
    const platform = parseInput(platformField, req.params.platform, 'params');
    const query = parseInput(callbackQuery, req.query, 'query');
    if (query.error || !query.code) {
      throw new HttpError(400, 'connect_denied', `${PLATFORM_LIMITS[platform].label} did not grant access (${query.error_description ?? query.error ?? 'no code'}); nothing was connected.`);
    }
    if ((await connectStateFinishIn(ctx.db, query.state)) === 'terminal') {
      terminalFinishPage(req, res, `${platform}.${query.state}.${query.code}`);
      return;
    }
    const deps = connectDeps(ctx);
    const cookieName = nonceCookieName(query.state);
    const finisher = { finishIn: 'browser' as const, browserNonce: cookieValue(req, cookieName) };
    res.append('set-cookie', nonceCookie(ctx, cookieName, '', 0));
    const account = presentAccount(await answering(() => finishConnect(deps, { platform, state: query.state, code: query.code!, finisher })));
    if (req.accepts(['json', 'html']) === 'json') {
      res.json({ account });
      return;
    }
    const title = `Connected ${account.platformLabel}${account.sandbox ? ' (Sandbox)' : ''}: ${account.displayName}`;
    res.type('html').send(`<!doctype html><title>${escapeHtml(title)}</title><p>${escapeHtml(title)}</p><p>You can close this tab and return to Herald.</p>`);
  });
  return router;
}
