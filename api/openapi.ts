import { z } from 'zod';
import { BULK_APPROVAL_LIMITS } from '../core/bulk-approvals.js';
import { DEFAULT_JSON_LIMIT } from './body-limits.js';
import { RESPONSES } from './openapi-responses.js';
import * as accounts from './routes/accounts.js';
import * as alerts from './routes/alerts.js';
import * as approvals from './routes/approvals.js';
import * as analytics from './routes/analytics.js';
import * as auth from './routes/auth.js';
import * as billing from './routes/billing.js';
import * as calendar from './routes/calendar.js';
import * as cycles from './routes/cycles.js';
import * as dev from './routes/dev.js';
import * as devOutbox from './routes/dev-outbox.js';
import * as emailPreferences from './routes/email-preferences.js';
import * as me from './routes/me.js';
import * as members from './routes/members.js';
import * as orgs from './routes/orgs.js';
import * as posts from './routes/posts.js';
import * as drafts from './routes/drafts.js';
import * as media from './routes/media.js';
import * as ownPosts from './routes/own-posts.js';
import * as publishing from './routes/publishing.js';
import * as strategies from './routes/strategies.js';

/**
 * The OpenAPI 3.1 document of Herald's HTTP API, served at /api/v1/openapi.json and read at
 * /api/v1/docs. Request schemas are the routes' own zod schemas (converted with z.toJSONSchema),
 * so a changed body changes the document. test/integration/openapi.test.ts walks the Express app
 * and fails when a mounted route is missing here, or a route here is not mounted.
 */
type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Access = 'public' | 'user' | 'member' | 'staff' | 'signed';

export interface Operation {
  method: Method;
  /** OpenAPI form: /api/v1/orgs/{orgId}. */
  path: string;
  summary: string;
  tag: string;
  access: Access;
  /** Roles (for member routes) allowed; default every member. */
  roles?: string[];
  body?: z.ZodType;
  query?: z.ZodType;
  /** Success status; default 200. */
  ok?: number;
  /** Error statuses beyond the ones access implies (401, 403, 404, 422). */
  errors?: number[];
  /** Only mounted when HERALD_DEV_ROUTES=1. */
  devOnly?: boolean;
  /** The body is a file's raw bytes, not JSON. */
  upload?: boolean;
  /** Largest body taken (body-parser units, e.g. '1mb'); default DEFAULT_JSON_LIMIT. Larger only where a route needs it. */
  bodyLimit?: string;
}

const OWNER_ADMIN = ['owner', 'admin'];
const WRITERS = ['owner', 'admin', 'editor'];
const APPROVERS = ['owner', 'admin', 'editor', 'approver'];
const ORG = '/api/v1/orgs/{orgId}';

export const OPERATIONS: Operation[] = [
  // Health
  { method: 'get', path: '/healthz', summary: 'ok/down per component (database, Temporal, each worker queue); 503 when any is down', tag: 'health', access: 'public', errors: [503] },
  { method: 'get', path: '/livez', summary: 'The API process answers (no dependency checked)', tag: 'health', access: 'public' },
  { method: 'get', path: '/api/v1/healthz', summary: 'Same as /healthz', tag: 'health', access: 'public', errors: [503] },
  { method: 'get', path: '/api/v1/ops/health', summary: 'Health with the reasons and worker hosts, for HERALD_OPS_EMAILS', tag: 'health', access: 'user', errors: [403, 503] },
  // This document
  { method: 'get', path: '/api/v1/openapi.json', summary: 'This API\'s OpenAPI 3.1 document', tag: 'meta', access: 'public' },
  { method: 'get', path: '/api/v1/docs', summary: 'A readable reference page of this API', tag: 'meta', access: 'public' },
  // Development
  { method: 'post', path: '/api/v1/dev/ping', summary: 'Runs the ping workflow end to end', tag: 'dev', access: 'public', body: dev.pingBody, devOnly: true },
  { method: 'post', path: '/api/v1/dev/users', summary: 'Creates a user, their own org and a token', tag: 'dev', access: 'public', body: dev.newUserBody, ok: 201, errors: [409], devOnly: true },
  { method: 'get', path: '/api/v1/dev/outbox', summary: 'The mail Herald would have sent (HTML in a browser, JSON otherwise)', tag: 'dev', access: 'public', query: devOutbox.outboxQuery, devOnly: true },
  // Accounts and sessions
  { method: 'post', path: '/api/v1/auth/signup', summary: 'Sign up: a user, their org (or the invited one) and a session', tag: 'auth', access: 'public', body: auth.signupBody, ok: 201, errors: [410, 429] },
  { method: 'post', path: '/api/v1/auth/login', summary: 'Log in: a session cookie and its CSRF token', tag: 'auth', access: 'public', body: auth.loginBody, errors: [401, 429] },
  { method: 'post', path: '/api/v1/auth/tokens', summary: 'E-mail and password in, an API token out (herald login)', tag: 'auth', access: 'public', body: auth.tokenBody, ok: 201, errors: [401, 429] },
  { method: 'get', path: '/api/v1/auth/session', summary: 'Who is signed in, and the CSRF token', tag: 'auth', access: 'public', errors: [401] },
  { method: 'post', path: '/api/v1/auth/logout', summary: 'Ends this session', tag: 'auth', access: 'user', ok: 204 },
  { method: 'post', path: '/api/v1/auth/logout-everywhere', summary: 'Ends every session of the user', tag: 'auth', access: 'user' },
  { method: 'post', path: '/api/v1/auth/verify-email', summary: 'Confirms an address with the token from the mail', tag: 'auth', access: 'public', body: auth.linkBody, errors: [409, 410] },
  { method: 'post', path: '/api/v1/auth/verify-email/resend', summary: 'Sends a new confirmation link', tag: 'auth', access: 'user', ok: 202, errors: [429] },
  { method: 'post', path: '/api/v1/auth/forgot-password', summary: 'Mails a reset link (same answer for any address)', tag: 'auth', access: 'public', body: auth.forgotBody, ok: 202, errors: [429] },
  { method: 'post', path: '/api/v1/auth/reset-password', summary: 'Sets a new password with the token from the mail; ends every session', tag: 'auth', access: 'public', body: auth.resetBody, errors: [410] },
  { method: 'post', path: '/api/v1/auth/change-password', summary: 'Changes the password (current one required); ends the other sessions', tag: 'auth', access: 'user', body: auth.changePasswordBody },
  { method: 'post', path: '/api/v1/auth/change-email', summary: 'Mails a confirmation link to the new address', tag: 'auth', access: 'user', body: auth.changeEmailBody, ok: 202 },
  { method: 'get', path: '/api/v1/me', summary: 'The user, their orgs, the active org and the token in use', tag: 'me', access: 'user' },
  { method: 'put', path: '/api/v1/me/active-org', summary: 'Switches the browser session to another of the user\'s orgs', tag: 'me', access: 'user', body: me.activeOrgBody, errors: [409] },
  { method: 'post', path: '/api/v1/me/invitations/accept', summary: 'Accepts an invitation sent to the user\'s address', tag: 'me', access: 'user', body: me.acceptBody, errors: [410] },
  { method: 'get', path: '/api/v1/me/tokens', summary: 'The user\'s API tokens', tag: 'me', access: 'user' },
  { method: 'post', path: '/api/v1/me/tokens', summary: 'Creates an API token (shown once)', tag: 'me', access: 'user', body: me.newTokenBody, ok: 201 },
  { method: 'delete', path: '/api/v1/me/tokens/{id}', summary: 'Revokes an API token', tag: 'me', access: 'user', ok: 204 },
  { method: 'get', path: '/api/v1/me/email-preferences', summary: 'Which mails the user receives', tag: 'me', access: 'user' },
  { method: 'patch', path: '/api/v1/me/email-preferences', summary: 'Turns categories of mail on or off; sets the local hour the digest arrives', tag: 'me', access: 'user', body: emailPreferences.preferencesBody },
  // E-mail links and webhooks
  { method: 'get', path: '/email/action', summary: 'The page an approval link opens (never acts)', tag: 'email', access: 'signed' },
  { method: 'post', path: '/email/action', summary: 'Approve or reject from an e-mail link', tag: 'email', access: 'signed' },
  { method: 'get', path: '/api/v1/email/unsubscribe', summary: 'The page a one-click unsubscribe link opens (never acts)', tag: 'email', access: 'signed' },
  { method: 'post', path: '/api/v1/email/unsubscribe', summary: 'Turns a category of mail off (List-Unsubscribe-Post)', tag: 'email', access: 'signed' },
  { method: 'get', path: '/api/v1/email/media/{token}', summary: 'A post image shown in a mail: redirects to a freshly signed storage URL', tag: 'email', access: 'signed', ok: 302, errors: [404] },
  { method: 'post', path: '/api/v1/webhooks/resend', summary: 'Resend delivery events (svix signature)', tag: 'email', access: 'signed', errors: [400] },
  { method: 'post', path: '/api/v1/billing/webhook', summary: 'Stripe events (Stripe-Signature)', tag: 'billing', access: 'signed', errors: [400, 503] },
  { method: 'get', path: '/api/v1/oauth/{platform}/callback', summary: 'Where a platform sends the browser after consent', tag: 'accounts', access: 'signed', query: accounts.callbackQuery, errors: [400, 403, 410] },
  // Support staff
  { method: 'get', path: '/api/v1/support/publishing/targets', summary: 'Failed, unconfirmed and interrupted publishes across every org (reason required)', tag: 'support', access: 'staff', query: publishing.publishingFilters },
  // The org
  { method: 'get', path: ORG, summary: 'The org, its approval rules and who has a brand profile in it', tag: 'orgs', access: 'member' },
  { method: 'patch', path: ORG, summary: 'Changes the approval rules', tag: 'orgs', access: 'member', roles: OWNER_ADMIN, body: orgs.approvalSettingsBody },
  { method: 'get', path: `${ORG}/members`, summary: 'Members', tag: 'members', access: 'member' },
  { method: 'post', path: `${ORG}/members`, summary: 'Invites an address (same as POST invitations)', tag: 'members', access: 'member', roles: OWNER_ADMIN, body: members.inviteBody, ok: 201, errors: [402, 409] },
  { method: 'patch', path: `${ORG}/members/{userId}`, summary: 'Changes a member\'s role', tag: 'members', access: 'member', roles: OWNER_ADMIN, body: members.roleBody, errors: [409] },
  { method: 'delete', path: `${ORG}/members/{userId}`, summary: 'Removes a member, or leaves (own id)', tag: 'members', access: 'member', ok: 204, errors: [409] },
  { method: 'get', path: `${ORG}/invitations`, summary: 'Open invitations', tag: 'members', access: 'member', roles: OWNER_ADMIN },
  { method: 'post', path: `${ORG}/invitations`, summary: 'Invites an address with a role', tag: 'members', access: 'member', roles: OWNER_ADMIN, body: members.inviteBody, ok: 201, errors: [402, 409] },
  { method: 'delete', path: `${ORG}/invitations/{invitationId}`, summary: 'Withdraws an invitation', tag: 'members', access: 'member', roles: OWNER_ADMIN, ok: 204 },
  { method: 'post', path: `${ORG}/transfer-ownership`, summary: 'Makes another member the owner (you become admin)', tag: 'members', access: 'member', roles: ['owner'], body: members.transferBody },
  { method: 'get', path: `${ORG}/billing`, summary: 'Plan, status and usage against every limit', tag: 'billing', access: 'member' },
  { method: 'post', path: `${ORG}/billing/checkout`, summary: 'A Stripe Checkout page to subscribe', tag: 'billing', access: 'member', roles: OWNER_ADMIN, body: billing.checkoutBody, ok: 201, errors: [409, 503] },
  { method: 'post', path: `${ORG}/billing/portal`, summary: 'Stripe\'s Customer Portal', tag: 'billing', access: 'member', roles: OWNER_ADMIN, ok: 201, errors: [409, 503] },
  { method: 'get', path: `${ORG}/accounts`, summary: 'Connected social accounts', tag: 'accounts', access: 'member' },
  { method: 'get', path: `${ORG}/accounts/{accountId}`, summary: 'One connected account', tag: 'accounts', access: 'member' },
  { method: 'post', path: `${ORG}/accounts/connect`, summary: 'Starts connecting an account (the platform\'s consent URL)', tag: 'accounts', access: 'member', roles: OWNER_ADMIN, body: accounts.connectBody, ok: 201, errors: [402] },
  { method: 'post', path: `${ORG}/accounts/connect/finish`, summary: 'Finishes a terminal connect with the code the callback page showed', tag: 'accounts', access: 'member', roles: OWNER_ADMIN, body: accounts.finishBody, ok: 201, errors: [400, 402] },
  { method: 'post', path: `${ORG}/accounts/connect-sandbox`, summary: 'Connects a sandbox account (platform emulator)', tag: 'accounts', access: 'member', roles: OWNER_ADMIN, body: accounts.sandboxBody, ok: 201, errors: [402] },
  { method: 'put', path: `${ORG}/accounts/active`, summary: 'Over the plan\'s account limit: which accounts keep publishing (the others pause; nothing is deleted)', tag: 'accounts', access: 'member', roles: OWNER_ADMIN, body: accounts.activeBody, errors: [404, 422] },
  { method: 'delete', path: `${ORG}/accounts/{accountId}`, summary: 'Disconnects an account', tag: 'accounts', access: 'member', roles: OWNER_ADMIN },
  { method: 'get', path: `${ORG}/posts`, summary: 'Posts, by stage; stage=awaiting_approval is the approval queue, by deadline, each with the seconds left and whether a rejection now is an emergency (<15 min) or a skip (<5 min)', tag: 'posts', access: 'member', query: posts.listQuery },
  { method: 'get', path: `${ORG}/posts/{postId}`, summary: 'A post with its per-platform targets', tag: 'posts', access: 'member' },
  { method: 'post', path: `${ORG}/posts/{postId}/approve`, summary: 'Approves (locks the content)', tag: 'posts', access: 'member', roles: APPROVERS, body: posts.approveBody, errors: [409] },
  { method: 'post', path: `${ORG}/posts/{postId}/reject`, summary: 'Rejects with a reason; a replacement is written, or a hand-made post goes back to its author (stage returned)', tag: 'posts', access: 'member', roles: APPROVERS, body: posts.rejectBody, errors: [409] },
  { method: 'post', path: `${ORG}/posts/{postId}/resubmit`, summary: 'Sends a returned hand-made post (edited with PATCH, or not) back for approval', tag: 'posts', access: 'member', roles: WRITERS, errors: [409] },
  { method: 'post', path: `${ORG}/approvals/bulk`, summary: `Approves all or selected posts of a day (org's zone) or a digest, or rejects selected ones with one reason; each post answers on its own (at most ${BULK_APPROVAL_LIMITS.maxPosts} per request)`, tag: 'posts', access: 'member', roles: APPROVERS, body: approvals.bulkBody },
  { method: 'get', path: `${ORG}/calendar`, summary: 'Posts of local days from..to in the org\'s zone, by time, a page at a time (nextCursor)', tag: 'posts', access: 'member', query: calendar.calendarQuery },
  { method: 'post', path: `${ORG}/posts`, summary: 'Creates a hand-made post (text, per-platform overrides, uploaded media, a time or now); approved by its author unless the org requires a second approver', tag: 'posts', access: 'member', roles: WRITERS, body: ownPosts.createPostBody, ok: 201, errors: [402, 409], bodyLimit: '2mb' },
  { method: 'post', path: `${ORG}/posts/adapt`, summary: 'Adapt with AI: the text rewritten per platform within its rules (offline editor without an LLM key)', tag: 'posts', access: 'member', roles: WRITERS, body: ownPosts.adaptBody, bodyLimit: '64kb' },
  { method: 'post', path: `${ORG}/posts/{postId}/duplicate`, summary: 'Copies a post into a new draft in the content library', tag: 'posts', access: 'member', roles: WRITERS, ok: 201 },
  { method: 'post', path: `${ORG}/posts/{postId}/regenerate-media`, summary: 'Makes a waiting post\'s image or video again from its brief', tag: 'posts', access: 'member', roles: APPROVERS, body: ownPosts.regenerateBody, errors: [409] },
  { method: 'post', path: `${ORG}/media`, summary: 'Uploads an image or video (raw body; format read from the bytes; ?platforms= checks each platform\'s formats and sizes)', tag: 'media', access: 'member', roles: WRITERS, query: media.uploadQuery, upload: true, ok: 201, errors: [402, 413, 415], bodyLimit: '200mb' },
  { method: 'get', path: `${ORG}/media/{mediaId}`, summary: 'An uploaded or generated media object with a fresh URL', tag: 'media', access: 'member' },
  { method: 'get', path: `${ORG}/drafts`, summary: 'The content library: drafts, newest first', tag: 'drafts', access: 'member', query: drafts.draftListQuery },
  { method: 'post', path: `${ORG}/drafts`, summary: 'Saves a draft without a time', tag: 'drafts', access: 'member', roles: WRITERS, body: drafts.draftBody, ok: 201, bodyLimit: '2mb' },
  { method: 'get', path: `${ORG}/drafts/{draftId}`, summary: 'One draft', tag: 'drafts', access: 'member' },
  { method: 'patch', path: `${ORG}/drafts/{draftId}`, summary: 'Changes a draft', tag: 'drafts', access: 'member', roles: WRITERS, body: drafts.draftChangesBody, bodyLimit: '2mb' },
  { method: 'delete', path: `${ORG}/drafts/{draftId}`, summary: 'Deletes a draft', tag: 'drafts', access: 'member', roles: WRITERS, ok: 204 },
  { method: 'post', path: `${ORG}/drafts/{draftId}/duplicate`, summary: 'Copies a draft', tag: 'drafts', access: 'member', roles: WRITERS, ok: 201 },
  { method: 'post', path: `${ORG}/drafts/{draftId}/schedule`, summary: 'Reuses a draft: makes it a post at a time or now (the draft stays)', tag: 'drafts', access: 'member', roles: WRITERS, body: drafts.scheduleDraftBody, ok: 201, errors: [402, 409] },
  { method: 'patch', path: `${ORG}/posts/{postId}`, summary: 'Edits copy before approval; time (+-30 min) and hashtags after', tag: 'posts', access: 'member', roles: APPROVERS, body: posts.editBody, errors: [409], bodyLimit: '2mb' },
  { method: 'get', path: `${ORG}/monitoring/alerts`, summary: 'Viral and under-performance alerts', tag: 'monitoring', access: 'member', query: alerts.alertsQuery },
  { method: 'get', path: `${ORG}/monitoring/posts/{postId}`, summary: 'A post\'s metric snapshots per checkpoint', tag: 'monitoring', access: 'member' },
  { method: 'get', path: `${ORG}/analytics/overview`, summary: 'Posts, reach, engagement rate and follower growth per platform for a date range (?format=csv)', tag: 'analytics', access: 'member', query: analytics.rangeQuery },
  { method: 'get', path: `${ORG}/analytics/compare`, summary: 'Results by platform, content type, local hour, local weekday or hashtag (?format=csv)', tag: 'analytics', access: 'member', query: analytics.compareQuery },
  { method: 'get', path: `${ORG}/analytics/posts`, summary: 'Top or bottom posts by engagement rate (?format=csv)', tag: 'analytics', access: 'member', query: analytics.postsQuery },
  { method: 'get', path: `${ORG}/analytics/predictions`, summary: 'Predicted versus actual engagement per week, against the 80 % accuracy target (?format=csv)', tag: 'analytics', access: 'member', query: analytics.rangeQuery },
  { method: 'get', path: `${ORG}/analytics/kpis`, summary: 'Prediction accuracy, first-time approval rate and schedule adherence against their targets (?format=csv)', tag: 'analytics', access: 'member', query: analytics.rangeQuery },
  { method: 'get', path: `${ORG}/analytics/weekly-analyses`, summary: 'The learning agent\'s weekly analysis in plain words, per week (?format=csv)', tag: 'analytics', access: 'member', query: analytics.rangeQuery },
  { method: 'get', path: `${ORG}/analytics/accounts`, summary: 'Daily follower and reach reads per connected account (?format=csv)', tag: 'analytics', access: 'member', query: analytics.rangeQuery },
  { method: 'get', path: `${ORG}/publishing/targets`, summary: 'Failed, unconfirmed and interrupted publishes (staff: reason required)', tag: 'publishing', access: 'member', roles: [...OWNER_ADMIN, 'support'], query: publishing.publishingFilters },
  { method: 'post', path: `${ORG}/publishing/targets/{targetId}/replay`, summary: 'Replays a publish (reconciles first); Herald support staff only', tag: 'publishing', access: 'member', roles: ['support'], body: publishing.replayBody, ok: 202, errors: [409] },
  { method: 'post', path: `${ORG}/publishing/replays`, summary: 'Bulk replay by filters (dryRun lists)', tag: 'publishing', access: 'member', roles: ['support'], body: publishing.bulkBody },
  { method: 'get', path: `${ORG}/profiles/{userId}`, summary: 'A user\'s brand profile with its optional details (website, promotions, priorities, visual style, competitors ...)', tag: 'cycles', access: 'member' },
  { method: 'put', path: `${ORG}/profiles/{userId}`, summary: 'Saves a brand profile; the first save starts the daily cycle', tag: 'cycles', access: 'member', roles: WRITERS, body: cycles.profileBody, ok: 201, bodyLimit: '128kb' },
  { method: 'get', path: `${ORG}/cycles/{userId}`, summary: 'The cycle\'s state: next run, paused, last run', tag: 'cycles', access: 'member' },
  { method: 'post', path: `${ORG}/cycles/{userId}/pause`, summary: 'Pauses the daily cycle', tag: 'cycles', access: 'member', roles: WRITERS, errors: [409] },
  { method: 'post', path: `${ORG}/cycles/{userId}/resume`, summary: 'Resumes the daily cycle', tag: 'cycles', access: 'member', roles: WRITERS, errors: [409] },
  { method: 'post', path: `${ORG}/cycles/{userId}/run-now`, summary: 'Runs today\'s cycle now (4 an hour per profile)', tag: 'cycles', access: 'member', roles: WRITERS, ok: 202, errors: [409, 429] },
  { method: 'get', path: `${ORG}/weekly/{userId}/{planStart}`, summary: 'A weekly strategy and its state', tag: 'cycles', access: 'member' },
  { method: 'post', path: `${ORG}/weekly/{userId}/{planStart}/decision`, summary: 'Approves or rejects the weekly strategy', tag: 'cycles', access: 'member', roles: APPROVERS, body: cycles.decisionBody, errors: [409] },
  { method: 'get', path: `${ORG}/strategies`, summary: 'Weekly strategies, newest week first, with their decision state (cursor pages)', tag: 'strategies', access: 'member', query: strategies.strategyListQuery },
  { method: 'get', path: `${ORG}/strategies/current`, summary: 'A user\'s current weekly strategy in full: themes, per-day plan and predictions, the learning it read, the decision', tag: 'strategies', access: 'member', query: strategies.currentStrategyQuery },
  { method: 'get', path: `${ORG}/strategies/{strategyId}`, summary: 'One weekly strategy in full', tag: 'strategies', access: 'member' },
  { method: 'get', path: `${ORG}/monthly-themes/{month}`, summary: 'A user\'s 30-day themes for a month (YYYY-MM) and the strategies that followed them', tag: 'strategies', access: 'member', query: strategies.monthlyThemesQuery },
];

const ERROR_TEXT: Record<number, string> = {
  400: 'Malformed request (e.g. invalid JSON or a bad signature)',
  401: 'Not signed in: no session cookie or API token, or it expired',
  402: 'The plan\'s limit is reached: details name the limit, the use and the plan that lifts it',
  403: 'Signed in, but this needs another role (or the CSRF token is missing)',
  404: 'Not found, or not among your orgs (another tenant\'s ids answer the same)',
  409: 'Conflicts with the current state (already decided, last owner, ...)',
  410: 'The link or token expired or was used',
  413: 'The body is larger than Herald takes (the message says the limit)',
  415: 'The file is not an image or video format Herald takes (read from its bytes)',
  422: 'Invalid input: details name each field and what is wrong',
  429: 'Too many requests: Retry-After says when to try again',
  503: 'A dependency is down, or the feature is not configured',
};

const errorSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: { code: { type: 'string' }, message: { type: 'string' }, details: {} },
    },
  },
};

function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _omit, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}

function queryParameters(schema: z.ZodType) {
  const json = jsonSchema(schema) as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, s]) => ({ name, in: 'query', required: json.required?.includes(name) ?? false, schema: s }));
}

function errorsOf(op: Operation): number[] {
  const implied: number[] = [];
  // Signed-in routes read the caller's session from the database: 503 database_unavailable while it is down.
  if (op.access === 'user' || op.access === 'member' || op.access === 'staff') implied.push(401, 503);
  if (op.access === 'member') implied.push(404);
  if (op.access === 'staff' || op.roles) implied.push(403);
  if (op.body || op.query || op.access === 'staff') implied.push(422);
  if (op.body) implied.push(413);
  return [...new Set([...implied, ...(op.errors ?? [])])].sort();
}

/** The success answer, with its JSON schema where RESPONSES has one (HTML pages and 204s have none). */
function successResponse(op: Operation) {
  const schema = RESPONSES[operationKey(op)];
  if (!schema) return { description: 'Success' };
  const { $schema: _omit, ...json } = z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' }) as Record<string, unknown>;
  return { description: 'Success', content: { 'application/json': { schema: json } } };
}

/** "GET /api/v1/orgs/{orgId}": how the route matrix and RESPONSES name an operation. */
export const operationKey = (op: Pick<Operation, 'method' | 'path'>) => `${op.method.toUpperCase()} ${op.path}`;

export function openApiDocument(options: { serverUrl?: string } = {}) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPERATIONS) {
    const params = [...op.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({ name, in: 'path', required: true, schema: { type: 'string' } }));
    const roles = op.roles ? ` Roles: ${op.roles.join(', ')}.` : op.access === 'member' ? ' Any member.' : '';
    paths[op.path] ??= {};
    paths[op.path]![op.method] = {
      summary: op.summary,
      description: `${op.summary}.${roles}${op.devOnly ? ' Only when HERALD_DEV_ROUTES=1.' : ''}`,
      tags: [op.tag],
      operationId: `${op.method}${op.path.replace(/\{(\w+)\}/g, 'By-$1').replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
      security: op.access === 'user' || op.access === 'member' || op.access === 'staff' ? [{ bearer: [] }, { session: [] }] : [],
      parameters: [...params, ...(op.query ? queryParameters(op.query) : [])],
      ...(op.body && { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(op.body) } } }, 'x-body-limit': op.bodyLimit ?? DEFAULT_JSON_LIMIT }),
      ...(op.upload && { requestBody: { required: true, content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } }, 'x-body-limit': op.bodyLimit }),
      responses: {
        [String(op.ok ?? 200)]: successResponse(op),
        ...Object.fromEntries(errorsOf(op).map((s) => [String(s), { description: ERROR_TEXT[s] ?? 'Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } }])),
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Herald API',
      version: '1',
      description: 'Herald runs a business\'s social presence; the API is what the web app and the herald CLI use. Errors always have the shape {error: {code, message, details?}}.',
    },
    ...(options.serverUrl && { servers: [{ url: options.serverUrl }] }),
    tags: [...new Set(OPERATIONS.map((o) => o.tag))].map((name) => ({ name })),
    paths,
    components: {
      schemas: { Error: errorSchema },
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'An API token (herald login, POST /api/v1/me/tokens)' },
        session: { type: 'apiKey', in: 'cookie', name: 'herald_session', description: 'The browser session; changes also need the x-csrf-token header' },
      },
    },
  };
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A readable reference page, rendered here: no script, no CDN. */
export function referencePage(): string {
  const byTag = new Map<string, Operation[]>();
  for (const op of OPERATIONS) byTag.set(op.tag, [...(byTag.get(op.tag) ?? []), op]);
  const sections = [...byTag.entries()]
    .map(([tag, ops]) => {
      const rows = ops
        .map((op) => {
          const body = op.body ? `<details><summary>body</summary><pre>${escape(JSON.stringify(jsonSchema(op.body), null, 2))}</pre></details>` : '';
          const query = op.query ? `<details><summary>query</summary><pre>${escape(JSON.stringify(jsonSchema(op.query), null, 2))}</pre></details>` : '';
          const who = op.roles ? op.roles.join(', ') : op.access;
          return `<tr><td><code>${op.method.toUpperCase()}</code></td><td><code>${escape(op.path)}</code></td><td>${escape(op.summary)}${op.devOnly ? ' <em>(dev routes only)</em>' : ''}${body}${query}</td><td>${escape(who)}</td><td>${op.ok ?? 200}; ${errorsOf(op).join(', ')}</td></tr>`;
        })
        .join('\n');
      return `<h2 id="${tag}">${tag}</h2><table><thead><tr><th>method</th><th>path</th><th>what</th><th>who</th><th>answers</th></tr></thead><tbody>${rows}</tbody></table>`;
    })
    .join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Herald API reference</title>
<style>body{font:15px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1d2330}table{border-collapse:collapse;width:100%;margin-bottom:2rem}td,th{border-bottom:1px solid #dde1ea;padding:.4rem;text-align:left;vertical-align:top}pre{background:#f5f6f9;padding:.5rem;overflow:auto;font-size:12px}code{font-size:13px}</style></head>
<body><h1>Herald API reference</h1><p>The machine-readable document is <a href="/api/v1/openapi.json">/api/v1/openapi.json</a> (OpenAPI 3.1). Errors answer <code>{"error": {"code", "message", "details"}}</code>. Authenticate with <code>Authorization: Bearer &lt;token&gt;</code> or the browser session (changes also send <code>x-csrf-token</code>).</p>
${sections}</body></html>`;
}
