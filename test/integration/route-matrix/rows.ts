import { and, desc, eq } from 'drizzle-orm';
import { outboxEmails, posts, postTargets } from '../../../db/schema/index.js';
import { ownerStrategy, PASSWORD, type MemberRole, type RouteWorld } from '../../support/route-world.js';
import { createTestUser, type TestUser } from '../../support/stack.js';

/**
 * THE ROUTE MATRIX: one row per operation in OPERATIONS (api/openapi.ts), keyed exactly like it,
 * "METHOD /path" with the path in OpenAPI form. matrix.test.ts fails while an operation has no
 * row, or a row has no operation. Adding a route = adding one row here (and its RESPONSES line in
 * api/openapi-responses.ts).
 *
 * A row says only what the test cannot derive from the OPERATIONS entry:
 *
 *   success  (w) => Call, the request that succeeds. The answer must have the entry's `ok` status
 *            (or `status`) and match its RESPONSES schema. `w` is the RouteWorld
 *            (test/support/route-world.ts): w.a is the caller's org with w.a.members[role], w.a.postId,
 *            w.a.accountId; w.b is another tenant; w.newPost(), w.newMember(role), w.newCycle(role),
 *            w.newSession() make fresh objects for calls that use one up. A Call is
 *              { as?: 'owner' | 'admin' | 'editor' | 'approver' | 'viewer' | 'staff' | 'ops' | 'anonymous' | a TestUser,
 *                params?: { postId: ... },   // path params; {orgId} is the caller's org (org A for staff) unless given
 *                body?, query?, status? }
 *            `as` defaults to org A's owner ('anonymous' for public and signed routes).
 *            Or `elsewhere('test/integration/x.test.ts', call?)` when success needs what this table
 *            cannot make (a link from a mail, a signed webhook); that file must exist, and `call` is
 *            what the other checks send.
 *   bad      Required when the entry has a body or query: { body } or { query } that is invalid, and
 *            `field`, which the 422's details must name. Sent like the success call (before it, so
 *            nothing is used up), with what it gives (body, query, as, params) replacing the call's.
 *   foreign  Required for member routes whose path names an object besides the org (posts/{postId},
 *            members/{userId}, ...): (w) => params naming the same kind of object in org B. Org A's
 *            owner (or the success call's caller, for staff routes) asks for it under org A and must
 *            get 404. Optional for other routes (e.g. a token), asked by the success call's caller.
 *
 * Derived for every row, from the entry's `access` and `roles`: no credentials -> 401 (user, member,
 * staff routes); the first role the entry does not allow (viewer first) -> 403; org B's owner
 * calling org A's path -> 404 (member routes).
 */
export type Caller = MemberRole | 'staff' | 'ops' | 'anonymous' | TestUser;
export type Params = Record<string, string>;
export interface Call {
  as?: Caller;
  params?: Params;
  body?: unknown;
  query?: Record<string, string>;
  status?: number;
}
export interface Elsewhere {
  elsewhere: string;
  /** The call the other checks send (who, path params, body); default the owner of org A with {}. */
  call?: Call;
}
export interface MatrixRow {
  success: ((w: RouteWorld) => Call | Promise<Call>) | Elsewhere;
  bad?: Call & { field: string };
  foreign?: (w: RouteWorld) => Params | Promise<Params>;
}

export const elsewhere = (file: string, call?: Call): Elsewhere => ({ elsewhere: file, call });
const ORG = '/api/v1/orgs/{orgId}';
/** For checks that are answered before anything is looked up. */
const NO_SUCH_ID = '00000000-0000-4000-8000-000000000000';
const profile = { businessName: 'Matrix Bakery', industry: 'bakery', audience: 'neighbours', brandVoice: 'warm', platforms: ['linkedin'], timeZone: 'Europe/Berlin' };

/** An invitation token, as the invitee reads it from the mail. */
async function invitationToken(w: RouteWorld, email: string): Promise<string> {
  const res = await w.a.members.owner.request(`/api/v1/orgs/${w.a.orgId}/invitations`, { method: 'POST', json: { email, role: 'viewer' } });
  if (res.status !== 201) throw new Error(`inviting failed: ${res.status}`);
  const [mail] = await w.stack.database.db.select().from(outboxEmails).where(and(eq(outboxEmails.toAddress, email), eq(outboxEmails.kind, 'invitation'))).orderBy(desc(outboxEmails.createdAt)).limit(1);
  return /#token=([\w-]+)/.exec(mail!.body)![1]!;
}

async function invitationId(user: TestUser, email: string): Promise<string> {
  const res = await user.request(`/api/v1/orgs/${user.orgId}/invitations`, { method: 'POST', json: { email, role: 'viewer' } });
  return ((await res.json()) as { invitation: { id: string } }).invitation.id;
}

async function tokenId(user: TestUser): Promise<string> {
  const res = await user.request('/api/v1/me/tokens', { method: 'POST', json: { label: 'matrix' } });
  return ((await res.json()) as { id: string }).id;
}

async function sandboxAccountOf(user: TestUser, account: string): Promise<string> {
  const res = await user.request(`/api/v1/orgs/${user.orgId}/accounts/connect-sandbox`, { method: 'POST', json: { platform: 'x', account } });
  return ((await res.json()) as { account: { id: string } }).account.id;
}

/** The weekly plan once its strategy is presented (the offline writer needs a moment). */
async function presentedPlan(w: RouteWorld): Promise<Params> {
  const owner = w.a.members.owner;
  const url = `/api/v1/orgs/${w.a.orgId}/weekly/${owner.userId}/${w.planStart}`;
  for (let i = 0; i < 240; i++) {
    const state = (await (await owner.request(url)).json()) as { state?: { status?: string } };
    if (state.state?.status === 'presented') return { userId: owner.userId, planStart: w.planStart };
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('the weekly strategy was never presented');
}

/** A 1x1 PNG: the smallest upload the media route takes. */
const TINY_PNG = () => new Uint8Array(Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64'));
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
/** A hand-made post's content for org A's (and B's) sandbox X account. */
const ownCopy = { platforms: ['x'], text: 'Fresh sourdough from eight this morning.' };

async function mediaIdOf(user: TestUser): Promise<string> {
  const res = await user.request(`/api/v1/orgs/${user.orgId}/media`, { method: 'POST', body: TINY_PNG(), headers: { 'content-type': 'application/octet-stream' } });
  if (res.status !== 201) throw new Error(`uploading failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { media: { id: string } }).media.id;
}

async function draftIdOf(user: TestUser): Promise<string> {
  const res = await user.request(`/api/v1/orgs/${user.orgId}/drafts`, { method: 'POST', json: { name: 'Matrix draft', ...ownCopy } });
  if (res.status !== 201) throw new Error(`saving a draft failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { draft: { id: string } }).draft.id;
}
/** A new post of org A once its workflow has it waiting for approval (newPost answers before that). */
async function waitingPost(w: RouteWorld): Promise<string> {
  const postId = await w.newPost();
  for (let i = 0; i < 240; i++) {
    const [row] = await w.stack.database.db.select({ stage: posts.stage }).from(posts).where(eq(posts.id, postId));
    if (row?.stage === 'awaiting_approval') return postId;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`post ${postId} never came to wait for approval`);
}
const bDraft = async (w: RouteWorld) => ({ draftId: await draftIdOf(w.b.members.owner) });

const randomEmail = () => `${Math.random().toString(36).slice(2, 10)}@matrix.example`;
const bLink = (w: RouteWorld) => ({ userId: w.b.members.viewer.userId });

export const ROWS: Record<string, MatrixRow> = {
  // Health and this document
  'GET /healthz': { success: () => ({}) },
  'GET /livez': { success: () => ({}) },
  'GET /api/v1/healthz': { success: () => ({}) },
  'GET /api/v1/ops/health': { success: () => ({ as: 'ops' }) },
  'GET /api/v1/openapi.json': { success: () => ({}) },
  'GET /api/v1/docs': { success: () => ({}) },
  // Development
  'POST /api/v1/dev/ping': { success: () => ({ body: { requestedBy: 'matrix' } }), bad: { body: { requestedBy: '' }, field: 'requestedBy' } },
  'POST /api/v1/dev/users': { success: () => ({ body: { email: randomEmail(), name: 'Dev User' } }), bad: { body: { email: 'not-an-address', name: 'Dev' }, field: 'email' } },
  'GET /api/v1/dev/outbox': { success: () => ({ query: { limit: '5' } }), bad: { query: { to: 'nobody' }, field: 'to' } },
  // Accounts and sessions
  'POST /api/v1/auth/signup': {
    success: () => ({ body: { email: randomEmail(), password: PASSWORD, name: 'New Signup', organizationName: 'Signup Org', timeZone: 'Europe/Berlin' } }),
    bad: { body: { email: 'x@example.test', password: PASSWORD, name: 'N', organizationName: 'O', timeZone: 'Mars/Base' }, field: 'timeZone' },
  },
  'POST /api/v1/auth/login': { success: async (w) => ({ body: { email: (await w.newSession()).email, password: PASSWORD } }), bad: { body: { email: 'x@example.test' }, field: 'password' } },
  'POST /api/v1/auth/tokens': { success: async (w) => ({ body: { email: (await w.newSession()).email, password: PASSWORD } }), bad: { body: { email: 'x@example.test', password: 'p', label: '' }, field: 'label' } },
  'GET /api/v1/auth/session': { success: async (w) => ({ as: await w.newSession() }) },
  'POST /api/v1/auth/logout': { success: async (w) => ({ as: await w.newSession() }) },
  'POST /api/v1/auth/logout-everywhere': { success: async (w) => ({ as: await w.newSession() }) },
  'POST /api/v1/auth/verify-email': { success: elsewhere('test/integration/auth.test.ts'), bad: { body: { token: '' }, field: 'token' } },
  'POST /api/v1/auth/verify-email/resend': { success: async (w) => ({ as: await w.newSession() }) },
  'POST /api/v1/auth/forgot-password': { success: () => ({ body: { email: randomEmail() } }), bad: { body: { email: 'nope' }, field: 'email' } },
  'POST /api/v1/auth/reset-password': { success: elsewhere('test/integration/auth.test.ts'), bad: { body: { token: 'abc' }, field: 'password' } },
  'POST /api/v1/auth/change-password': {
    success: async (w) => ({ as: await w.newSession(), body: { currentPassword: PASSWORD, newPassword: 'another horse battery staple' } }),
    bad: { body: { currentPassword: PASSWORD }, field: 'newPassword' },
  },
  'POST /api/v1/auth/change-email': { success: async (w) => ({ as: await w.newSession(), body: { password: PASSWORD, newEmail: randomEmail() } }), bad: { body: { password: PASSWORD, newEmail: 'nope' }, field: 'newEmail' } },
  'GET /api/v1/me': { success: () => ({}) },
  'PUT /api/v1/me/active-org': { success: async (w) => { const s = await w.newSession(); return { as: s, body: { orgId: s.orgId } }; }, bad: { body: { orgId: 'not-a-uuid' }, field: 'orgId' } },
  'POST /api/v1/me/invitations/accept': {
    success: async (w) => {
      const invitee = await w.newSession();
      return { as: invitee, body: { token: await invitationToken(w, invitee.email) } };
    },
    bad: { body: { token: '' }, field: 'token' },
  },
  'GET /api/v1/me/tokens': { success: () => ({}) },
  'POST /api/v1/me/tokens': { success: () => ({ body: { label: 'matrix script', expiresInDays: 7 } }), bad: { body: { label: 'x', expiresInDays: 100_000 }, field: 'expiresInDays' } },
  'DELETE /api/v1/me/tokens/{id}': { success: async (w) => ({ params: { id: await tokenId(w.a.members.owner) } }), foreign: async (w) => ({ id: await tokenId(w.b.members.owner) }) },
  'GET /api/v1/me/email-preferences': { success: () => ({}) },
  'PATCH /api/v1/me/email-preferences': { success: () => ({ body: { digest: false } }), bad: { body: { digest: 'sometimes' }, field: 'digest' } },
  // E-mail links and webhooks: signed by Herald or the provider
  'GET /email/action': { success: elsewhere('test/integration/email/links.test.ts') },
  'POST /email/action': { success: elsewhere('test/integration/email/links.test.ts') },
  'GET /api/v1/email/unsubscribe': { success: elsewhere('test/integration/email/preferences.test.ts') },
  'POST /api/v1/email/unsubscribe': { success: elsewhere('test/integration/email/preferences.test.ts') },
  'GET /api/v1/email/media/{token}': { success: elsewhere('test/integration/email/mail-images.test.ts') },
  'POST /api/v1/webhooks/resend': { success: elsewhere('test/integration/email/webhooks.test.ts') },
  'POST /api/v1/billing/webhook': { success: elsewhere('test/integration/billing.test.ts') },
  'GET /api/v1/oauth/{platform}/callback': { success: elsewhere('test/integration/platforms/accounts.test.ts', { as: 'anonymous', params: { platform: 'x' } }), bad: { query: { code: 'c' }, field: 'state' } },
  // Support staff
  'GET /api/v1/support/publishing/targets': { success: () => ({ as: 'staff', query: { reason: 'route matrix check' } }), bad: { query: { reason: 'route matrix check', limit: '0' }, field: 'limit' } },
  // The org
  [`GET ${ORG}`]: { success: () => ({ as: 'viewer' }) },
  [`PATCH ${ORG}`]: { success: () => ({ as: 'admin', body: { approvalLeadMinutes: 90 } }), bad: { body: { approvalLeadMinutes: 'soon' }, field: 'approvalLeadMinutes' } },
  [`GET ${ORG}/members`]: { success: () => ({ as: 'viewer' }) },
  [`POST ${ORG}/members`]: { success: () => ({ body: { email: randomEmail(), role: 'editor' } }), bad: { body: { email: randomEmail(), role: 'owner' }, field: 'role' } },
  [`PATCH ${ORG}/members/{userId}`]: { success: async (w) => { const { owner, member } = await w.newMember('viewer'); return { as: owner, params: { userId: member.userId }, body: { role: 'editor' } }; }, bad: { body: { role: 'emperor' }, field: 'role' }, foreign: bLink },
  [`DELETE ${ORG}/members/{userId}`]: { success: async (w) => { const { owner, member } = await w.newMember('viewer'); return { as: owner, params: { userId: member.userId } }; }, foreign: bLink },
  [`GET ${ORG}/invitations`]: { success: () => ({ as: 'admin' }) },
  [`POST ${ORG}/invitations`]: { success: () => ({ body: { email: randomEmail(), role: 'approver' } }), bad: { body: { email: 'nope', role: 'viewer' }, field: 'email' } },
  [`DELETE ${ORG}/invitations/{invitationId}`]: {
    success: async (w) => ({ params: { invitationId: await invitationId(w.a.members.owner, randomEmail()) } }),
    foreign: async (w) => ({ invitationId: await invitationId(w.b.members.owner, randomEmail()) }),
  },
  [`POST ${ORG}/transfer-ownership`]: {
    // In an org of its own: org A keeps its owner for the other rows.
    success: async (w) => {
      const owner = await createTestUser(w.stack, { name: 'Leaving Owner' });
      const heir = await createTestUser(w.stack, { orgId: owner.orgId, role: 'admin', name: 'Heir' });
      return { as: owner, body: { userId: heir.userId } };
    },
    bad: { body: { userId: 'somebody' }, field: 'userId' },
  },
  [`GET ${ORG}/billing`]: { success: () => ({ as: 'viewer' }) },
  [`POST ${ORG}/billing/checkout`]: { success: () => ({ body: { plan: 'pro' } }), bad: { body: { plan: 'platinum' }, field: 'plan' } },
  [`POST ${ORG}/billing/portal`]: { success: elsewhere('test/integration/billing.test.ts') },
  [`GET ${ORG}/accounts`]: { success: () => ({ as: 'viewer' }) },
  [`GET ${ORG}/accounts/{accountId}`]: { success: (w) => ({ as: 'viewer', params: { accountId: w.a.accountId } }), foreign: (w) => ({ accountId: w.b.accountId }) },
  [`POST ${ORG}/accounts/connect`]: { success: () => ({ body: { platform: 'linkedin' } }), bad: { body: { platform: 'myspace' }, field: 'platform' } },
  [`POST ${ORG}/accounts/connect/finish`]: { success: elsewhere('test/integration/platforms/accounts.test.ts'), bad: { body: { finishCode: 'x' }, field: 'finishCode' } },
  [`POST ${ORG}/accounts/connect-sandbox`]: { success: () => ({ body: { platform: 'linkedin', account: 'matrix-li' } }), bad: { body: { platform: 'linkedin', account: 'no spaces' }, field: 'account' } },
  [`PUT ${ORG}/accounts/active`]: { success: (w) => ({ body: { accountIds: [w.a.accountId] } }), bad: { body: { accountIds: ['not-an-id'] }, field: 'accountIds.0' } },
  [`DELETE ${ORG}/accounts/{accountId}`]: { success: async (w) => ({ params: { accountId: await sandboxAccountOf(w.a.members.owner, `gone-${randomEmail().slice(0, 6)}`) } }), foreign: (w) => ({ accountId: w.b.accountId }) },
  [`GET ${ORG}/posts`]: { success: () => ({ as: 'viewer', query: { stage: 'awaiting_approval' } }), bad: { query: { stage: 'lost' }, field: 'stage' } },
  [`GET ${ORG}/posts/{postId}`]: { success: (w) => ({ as: 'viewer', params: { postId: w.a.postId } }), foreign: (w) => ({ postId: w.b.postId }) },
  [`POST ${ORG}/posts/{postId}/approve`]: { success: async (w) => ({ as: 'approver', params: { postId: await w.newPost() }, body: {} }), bad: { body: { privacy: { tiktok: 'EVERYONE' } }, field: 'privacy.tiktok' }, foreign: (w) => ({ postId: w.b.postId }) },
  [`POST ${ORG}/posts/{postId}/reject`]: { success: async (w) => ({ as: 'editor', params: { postId: await w.newPost() }, body: { reason: 'Too formal for us' } }), bad: { body: { reason: ' ' }, field: 'reason' }, foreign: (w) => ({ postId: w.b.postId }) },
  [`POST ${ORG}/posts/{postId}/resubmit`]: { success: elsewhere('test/integration/own-posts/returned.test.ts', { as: 'editor', params: { postId: NO_SUCH_ID } }), foreign: (w) => ({ postId: w.b.postId }) },
  [`PATCH ${ORG}/posts/{postId}`]: { success: async (w) => ({ as: 'approver', params: { postId: await w.newPost() }, body: { hashtags: ['#sourdough'] } }), bad: { body: { hashtags: ['two words'] }, field: 'hashtags.0' }, foreign: (w) => ({ postId: w.b.postId }) },
  // Hand-made posts, media, the content library, bulk approvals and the calendar
  [`POST ${ORG}/posts`]: { success: () => ({ as: 'editor', body: { ...ownCopy, scheduledAt: inDays(3) } }), bad: { body: { ...ownCopy, platforms: [], scheduledAt: inDays(3) }, field: 'platforms' } },
  [`POST ${ORG}/posts/adapt`]: { success: () => ({ as: 'editor', body: ownCopy }), bad: { body: { ...ownCopy, text: ' ' }, field: 'text' } },
  [`POST ${ORG}/posts/{postId}/duplicate`]: { success: (w) => ({ as: 'editor', params: { postId: w.a.postId } }), foreign: (w) => ({ postId: w.b.postId }) },
  [`POST ${ORG}/posts/{postId}/regenerate-media`]: { success: async (w) => ({ as: 'approver', params: { postId: await waitingPost(w) }, body: { kind: 'image' } }), bad: { body: { kind: 'gif' }, field: 'kind' }, foreign: (w) => ({ postId: w.b.postId }) },
  [`POST ${ORG}/approvals/bulk`]: { success: async (w) => ({ as: 'approver', body: { action: 'approve', postIds: [await waitingPost(w)] } }), bad: { body: { action: 'reject', postIds: [NO_SUCH_ID] }, field: 'reason' } },
  [`GET ${ORG}/calendar`]: { success: () => ({ as: 'viewer', query: { from: '2026-11-30', to: '2026-12-31' } }), bad: { query: { from: '2026-12-31', to: '2026-11-30' }, field: 'to' } },
  [`POST ${ORG}/media`]: { success: () => ({ as: 'editor', body: TINY_PNG(), query: { altText: 'A dot' } }), bad: { query: { platforms: 'myspace' }, field: 'platforms.0' } },
  [`GET ${ORG}/media/{mediaId}`]: { success: async (w) => ({ as: 'viewer', params: { mediaId: await mediaIdOf(w.a.members.owner) } }), foreign: async (w) => ({ mediaId: await mediaIdOf(w.b.members.owner) }) },
  [`GET ${ORG}/drafts`]: { success: () => ({ as: 'viewer', query: { limit: '5' } }), bad: { query: { limit: '0' }, field: 'limit' } },
  [`POST ${ORG}/drafts`]: { success: () => ({ as: 'editor', body: { name: 'Matrix draft', ...ownCopy } }), bad: { body: { name: ' ' }, field: 'name' } },
  [`GET ${ORG}/drafts/{draftId}`]: { success: async (w) => ({ as: 'viewer', params: { draftId: await draftIdOf(w.a.members.owner) } }), foreign: bDraft },
  [`PATCH ${ORG}/drafts/{draftId}`]: { success: async (w) => ({ as: 'editor', params: { draftId: await draftIdOf(w.a.members.owner) }, body: { text: 'Rye today instead.' } }), bad: { body: { hashtags: ['two words'] }, field: 'hashtags.0' }, foreign: bDraft },
  [`DELETE ${ORG}/drafts/{draftId}`]: { success: async (w) => ({ as: 'editor', params: { draftId: await draftIdOf(w.a.members.owner) } }), foreign: bDraft },
  [`POST ${ORG}/drafts/{draftId}/duplicate`]: { success: async (w) => ({ as: 'editor', params: { draftId: await draftIdOf(w.a.members.owner) } }), foreign: bDraft },
  [`POST ${ORG}/drafts/{draftId}/schedule`]: { success: async (w) => ({ as: 'editor', params: { draftId: await draftIdOf(w.a.members.owner) }, body: { scheduledAt: inDays(4) } }), bad: { body: { scheduledAt: 'tomorrow' }, field: 'scheduledAt' }, foreign: bDraft },
  [`GET ${ORG}/monitoring/alerts`]: { success: () => ({ as: 'viewer', query: { kind: 'viral' } }), bad: { query: { kind: 'boring' }, field: 'kind' } },
  [`GET ${ORG}/monitoring/posts/{postId}`]: { success: (w) => ({ as: 'viewer', params: { postId: w.a.postId } }), foreign: (w) => ({ postId: w.b.postId }) },
  [`GET ${ORG}/publishing/targets`]: { success: () => ({ as: 'admin', query: { status: 'failed' } }), bad: { query: { status: 'fine' }, field: 'status' } },
  [`POST ${ORG}/publishing/targets/{targetId}/replay`]: {
    success: elsewhere('test/integration/publishing/replay.test.ts', { as: 'staff', params: { targetId: NO_SUCH_ID }, body: { reason: 'route matrix check' } }),
    bad: { body: { reason: 'x' }, field: 'reason' },
    foreign: async (w) => {
      const [target] = await w.stack.database.db.select({ id: postTargets.id }).from(postTargets).where(eq(postTargets.postId, w.b.postId));
      return { targetId: target!.id };
    },
  },
  [`POST ${ORG}/publishing/replays`]: { success: () => ({ as: 'staff', body: { reason: 'route matrix check', dryRun: true } }), bad: { body: { reason: 'route matrix check', dryRun: 'maybe' }, field: 'dryRun' } },
  [`PUT ${ORG}/profiles/{userId}`]: { success: (w) => ({ as: 'editor', params: { userId: w.a.members.editor.userId }, body: profile }), bad: { body: { ...profile, platforms: [] }, field: 'platforms' }, foreign: bLink },
  [`GET ${ORG}/cycles/{userId}`]: { success: (w) => ({ params: { userId: w.a.members.owner.userId } }), foreign: bLink },
  [`POST ${ORG}/cycles/{userId}/pause`]: { success: async (w) => { const u = await w.newCycle(); return { as: u, params: { userId: u.userId } }; }, foreign: bLink },
  [`POST ${ORG}/cycles/{userId}/resume`]: {
    success: async (w) => {
      const u = await w.newCycle();
      await u.request(`/api/v1/orgs/${u.orgId}/cycles/${u.userId}/pause`, { method: 'POST' });
      return { as: u, params: { userId: u.userId } };
    },
    foreign: bLink,
  },
  [`POST ${ORG}/cycles/{userId}/run-now`]: { success: async (w) => { const u = await w.newCycle(); return { as: u, params: { userId: u.userId } }; }, foreign: bLink },
  [`GET ${ORG}/weekly/{userId}/{planStart}`]: { success: (w) => ({ params: { userId: w.a.members.owner.userId, planStart: w.planStart } }), foreign: (w) => ({ userId: w.b.members.owner.userId, planStart: w.planStart }) },
  [`POST ${ORG}/weekly/{userId}/{planStart}/decision`]: {
    success: async (w) => ({ params: await presentedPlan(w), body: { decision: 'approve_all' } }),
    bad: { body: { decision: 'maybe' }, field: 'decision' },
    foreign: (w) => ({ userId: w.b.members.owner.userId, planStart: w.planStart }),
  },
  // Analytics, brand profiles, weekly strategies and monthly themes: any member reads them
  [`GET ${ORG}/analytics/overview`]: { success: () => ({ as: 'viewer' }), bad: { query: { from: 'yesterday' }, field: 'from' } },
  [`GET ${ORG}/analytics/compare`]: { success: () => ({ as: 'viewer', query: { by: 'platform' } }), bad: { query: { by: 'mood' }, field: 'by' } },
  [`GET ${ORG}/analytics/posts`]: { success: () => ({ as: 'viewer', query: { order: 'bottom', limit: '5' } }), bad: { query: { order: 'middle' }, field: 'order' } },
  [`GET ${ORG}/analytics/predictions`]: { success: () => ({ as: 'viewer', query: { from: '2026-09-01', to: '2026-11-30' } }), bad: { query: { to: '30.11.2026' }, field: 'to' } },
  [`GET ${ORG}/analytics/kpis`]: { success: () => ({ as: 'viewer', query: { timeZone: 'America/New_York' } }), bad: { query: { timeZone: 'Mars/Base' }, field: 'timeZone' } },
  [`GET ${ORG}/analytics/weekly-analyses`]: { success: () => ({ as: 'viewer' }), bad: { query: { from: '2026-11-30', to: '2026-01-01' }, field: 'from' } },
  [`GET ${ORG}/analytics/accounts`]: { success: () => ({ as: 'viewer' }), bad: { query: { format: 'xlsx' }, field: 'format' } },
  [`GET ${ORG}/profiles/{userId}`]: { success: (w) => ({ params: { userId: w.a.members.owner.userId } }), foreign: bLink },
  [`GET ${ORG}/strategies`]: { success: () => ({ as: 'viewer', query: { purpose: 'presentation', limit: '5' } }), bad: { query: { limit: '0' }, field: 'limit' } },
  [`GET ${ORG}/strategies/current`]: { success: async (w) => (await ownerStrategy(w, 'a'), { as: 'viewer', query: { userId: w.a.members.owner.userId } }), bad: { query: { userId: 'the-owner' }, field: 'userId' } },
  [`GET ${ORG}/strategies/{strategyId}`]: { success: async (w) => ({ as: 'viewer', params: { strategyId: (await ownerStrategy(w, 'a')).strategyId } }), foreign: async (w) => ({ strategyId: (await ownerStrategy(w, 'b')).strategyId }) },
  [`GET ${ORG}/monthly-themes/{month}`]: {
    success: async (w) => ({ as: 'viewer', params: { month: (await ownerStrategy(w, 'a')).month }, query: { userId: w.a.members.owner.userId } }),
    bad: { query: { userId: 'the-owner' }, field: 'userId' },
    foreign: async (w) => ({ month: (await ownerStrategy(w, 'b')).month }),
  },
};
