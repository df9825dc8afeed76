import { z } from 'zod';
import { PAID_PLANS } from '../core/plans.js';

/**
 * What each operation answers on success, keyed like the route matrix: "METHOD /path" in OpenAPI
 * form. The document puts each schema under the operation's success status, the route matrix
 * (test/integration/route-matrix) checks every success against it, and the schemathesis run checks
 * every answer it provokes. Objects are open (looseObject): a new field is not a break, a missing
 * or retyped one is. A route that answers HTML, a redirect or no body has no entry here.
 * A new route adds its line here next to its OPERATIONS entry.
 */
const id = z.string().uuid();
const time = z.iso.datetime({ offset: true });
const nullableTime = time.nullable();
const message = z.looseObject({ message: z.string() });
const link = z.string();

const user = z.looseObject({ id, email: z.string(), name: z.string(), timeZone: z.string(), emailVerified: z.boolean() });
const orgOfUser = z.looseObject({ id, name: z.string(), role: z.string() });
const profile = z.looseObject({ user, orgs: z.array(orgOfUser) });
const session = profile.extend({ csrfToken: z.string() });
const ended = z.looseObject({ endedSessions: z.number().int() });

const token = z.looseObject({ id, label: z.string(), orgId: id.nullable(), expiresAt: nullableTime, lastUsedAt: nullableTime, createdAt: time });
const org = z.looseObject({ id, name: z.string(), approvalLeadMinutes: z.number().int(), requireSecondApprover: z.boolean(), approvalReminderMinutes: z.array(z.number().int()) });
const orgWithRole = z.looseObject({ org, role: z.string() });
const member = z.looseObject({ userId: id, name: z.string(), email: z.string(), role: z.string(), joinedAt: time });
const invitation = z.looseObject({ id, email: z.string(), role: z.string(), invitedBy: id.nullable(), expiresAt: time, createdAt: time });
const account = z.looseObject({
  id,
  platform: z.string(),
  externalId: z.string(),
  platformLabel: z.string(),
  displayName: z.string().nullable(),
  sandbox: z.boolean(),
  status: z.enum(['connected', 'needs_reconnect', 'disconnected']),
  accessTokenExpiresAt: nullableTime,
});
const platformMode = z.looseObject({ platform: z.string(), label: z.string(), mode: z.enum(['real', 'sandbox', 'unavailable']) });
const target = z.looseObject({ platform: z.string(), stage: z.string(), text: z.string().nullable() });
/** Why the post stopped (expired, skipped, failed) or was returned to its author (the rejecter's reason). */
const outcomeReason = z.string().nullable();
const postSummary = z.looseObject({ id, stage: z.string(), scheduledAt: nullableTime, revision: z.number().int(), outcomeReason, targets: z.array(target) });
const post = z.looseObject({ id, orgId: id, stage: z.string(), revision: z.number().int(), outcomeReason });
const workflowState = z.looseObject({});
const workflowView = z.looseObject({ state: workflowState, workflowId: z.string(), temporalUi: link });
const alert = z.looseObject({ id, postId: id, platform: z.string(), kind: z.string(), subject: z.string(), body: z.string(), createdAt: time });
const supportLine = z.looseObject({ targetId: id, orgId: id, postId: id, platform: z.string(), status: z.string(), errorKind: z.string().nullable(), message: z.string().nullable(), attempts: z.number().int(), updatedAt: time, temporalUi: link.optional() });
const replayOutcome = z.looseObject({ outcome: z.enum(['started', 'already_published', 'refused']), message: z.string(), url: z.string().optional(), workflowId: z.string().optional(), temporalUi: link.optional() });
const lastRun = z.looseObject({ localDate: z.string(), kind: z.enum(['scheduled', 'manual']), finishedAt: time, created: z.number().int(), failed: z.number().int() });
const cycleState = z.looseObject({ paused: z.boolean(), running: z.boolean(), timeZone: z.string().optional(), nextRunAt: time.optional(), lastRun: lastRun.optional() });
const brandProfile = z.looseObject({
  id,
  orgId: id,
  userId: id,
  businessName: z.string(),
  industry: z.string(),
  audience: z.string(),
  brandVoice: z.string(),
  goals: z.array(z.string()),
  platforms: z.array(z.string()),
  contentRestrictions: z.array(z.string()),
  timeZone: z.string(),
  planningDay: z.number().int(),
  postsPerDay: z.number().int(),
});
const publicHealth = z.looseObject({
  ok: z.boolean(),
  checkedAt: time,
  components: z.looseObject({ database: z.looseObject({ ok: z.boolean() }), temporal: z.looseObject({ ok: z.boolean() }), workers: z.array(z.looseObject({ taskQueue: z.string(), ok: z.boolean() })) }),
});
const preferences = z.looseObject({ preferences: z.record(z.string(), z.boolean()), digestHour: z.number().int() });
const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const count = z.number();
const analyticsOf = (shape: z.ZodRawShape) => z.looseObject({ range: z.looseObject({ from: localDate, to: localDate, timeZone: z.string() }), ...shape });
const breakdown = z.looseObject({ posts: z.number().int(), reach: count, engagements: count, engagementRate: count });
const platformOverview = breakdown.extend({ key: z.string(), followers: count.nullable(), followerGrowth: count.nullable(), accountReach: count.nullable(), accountMetricsUnavailable: z.string().nullable() });
const rankedPost = z.looseObject({ postId: id, targetId: id, platform: z.string(), publishedAt: z.string(), text: z.string(), url: z.string().nullable(), reach: count, engagements: count, engagementRate: count });
const weekPrediction = z.looseObject({ week: localDate, posts: z.number().int(), meanPredicted: count, meanActual: count, accuracy: count, target: count, met: z.boolean() });
const againstTarget = z.looseObject({ of: z.number().int(), count, rate: count.nullable(), target: count, met: z.boolean().nullable() });
const accountRead = z.looseObject({ day: localDate, accountId: id, platform: z.string(), account: z.string().nullable(), status: z.string(), followers: count.nullable(), reach: count.nullable(), reason: z.string().nullable() });
const writtenBy = z.looseObject({ provider: z.string(), model: z.string(), offlineWritten: z.boolean(), at: time });
const strategySummary = z.looseObject({
  id, userId: id, planStart: localDate, weekStart: localDate, purpose: z.enum(['presentation', 'batch']), version: z.number().int(), regeneratedWith: z.string().nullable(),
  decision: z.looseObject({
    state: z.enum(['waiting', 'modified', 'regenerated', 'expired', 'approved']), expiresAt: time.nullish(), instructions: z.string().nullish(), by: z.string().nullish(), at: time.nullish(),
  }),
  monthlyThemesId: id.nullable(), createdAt: time,
});
const strategy = strategySummary.extend({
  themes: z.array(z.string()), days: z.array(z.looseObject({
    date: localDate,
    posts: z.array(z.looseObject({ platform: z.string(), time: z.string(), contentType: z.string(), brief: z.string(), predictedEngagementRate: count, confidence: count })),
  })),
  monthTheme: z.looseObject({ month: z.string(), week: z.number().int().optional(), title: z.string().optional(), angle: z.string().optional() }).nullable(),
  learning: z.looseObject({ outputId: id, analysis: z.looseObject({ headline: z.string().optional() }) }).nullable(), writtenBy: writtenBy.nullable(),
});
// The post detail screen reads these: publish status and live links per platform, the decision history, checkpoints against expectations.
const targetDetail = target.extend({
  sandbox: z.boolean(), hashtags: z.array(z.string()), title: z.string().nullable(), platformPostUrl: z.string().nullable(), publishedAt: nullableTime, errorMessage: z.string().nullable(),
  length: z.looseObject({ used: z.number().int(), max: z.number().int(), unit: z.string() }), problems: z.array(z.looseObject({ field: z.string(), message: z.string() })),
});
const revision = z.looseObject({ revision: z.number().int(), kind: z.string(), actor: z.string(), reason: z.string().nullable(), at: time });
const decisionHistory = z.array(z.looseObject({ at: time, action: z.string(), actorId: z.string().optional(), revision: z.number().int(), reason: z.string().optional() }));
const postWorkflow = z.looseObject({ stage: z.string(), deadline: time, approvals: z.array(z.string()), approvalsNeeded: z.number().int(), history: decisionHistory });
const figure = z.number().nullable();
const expected = z.looseObject({ reach: z.number(), engagements: z.number(), engagementRate: z.number(), basis: z.string() });
const snapshot = z.looseObject({
  platform: z.string(), checkpoint: z.enum(['15m', '1h', '4h', '12h', '24h']), status: z.enum(['taken', 'missed', 'unavailable']), dueAt: time, recordedAt: time,
  missedReason: z.string().nullable(), reach: figure, engagements: figure, engagementRate: figure, expected: expected.nullable(),
});
const used = z.looseObject({ used: count, limit: count.nullable() });
const planLimits = z.looseObject({ postsPerMonth: z.number().int().nullable(), connectedAccounts: z.number().int(), seats: z.number().int() });
const billingState = z.looseObject({
  billing: z.enum(['stripe', 'not_configured']), plan: z.string(), planLabel: z.string(), limits: planLimits, status: z.string(), periodEnd: nullableTime,
  cancelAtPeriodEnd: z.boolean(), graceEndsAt: nullableTime, cyclePaused: z.boolean(),
  usage: z.looseObject({ postsThisMonth: used.extend({ month: z.string() }), connectedAccounts: used, seats: used, mediaStorageBytes: z.looseObject({ used: count, limit: count }), aiSpendUsd: z.looseObject({ used: count, limit: count, month: z.string() }) }),
  notices: z.array(z.string()),
  pausedAccounts: z.array(z.looseObject({ id: z.string(), platform: z.string(), displayName: z.string() })),
  plans: z.array(z.looseObject({ plan: z.enum(PAID_PLANS), label: z.string(), monthlyUsd: count, yearlyUsd: count, limits: planLimits, intervals: z.array(z.enum(['month', 'year'])) })),
});
const ORG = '/api/v1/orgs/{orgId}';
const draft = z.looseObject({ id, orgId: id, name: z.string(), platforms: z.array(z.string()), text: z.string(), hashtags: z.array(z.string()), overrides: z.record(z.string(), z.unknown()), mediaIds: z.array(id), createdAt: time, updatedAt: time });
const media = z.looseObject({ id, kind: z.enum(['image', 'video']), mimeType: z.string(), width: z.number().int().nullable(), height: z.number().int().nullable(), durationSeconds: z.number().nullable(), sizeBytes: z.number().int(), altText: z.string().nullable(), url: link, createdAt: time });
const ownPostCreated = z.looseObject({ postId: id, workflowId: z.string(), approvedByAuthor: z.boolean(), state: workflowState.optional(), temporalUi: link });

export const RESPONSES: Record<string, z.ZodType> = {
  'GET /healthz': publicHealth,
  'GET /livez': z.looseObject({ ok: z.literal(true) }),
  'GET /api/v1/healthz': publicHealth,
  'GET /api/v1/ops/health': z.looseObject({ ok: z.boolean(), checkedAt: time, components: z.looseObject({ database: message.extend({ ok: z.boolean() }) }) }),
  'GET /api/v1/openapi.json': z.looseObject({ openapi: z.literal('3.1.0'), paths: z.record(z.string(), z.unknown()) }),
  'POST /api/v1/dev/ping': z.looseObject({ workflowId: z.string(), runId: z.string(), temporalUi: link }),
  'POST /api/v1/dev/users': z.looseObject({ user: z.looseObject({ id, email: z.string() }), orgId: id, token: z.string() }),
  'POST /api/v1/auth/signup': z.union([session.extend({ orgId: id }), z.looseObject({ message: z.string(), csrfToken: z.null() })]),
  'POST /api/v1/auth/login': session,
  'POST /api/v1/auth/tokens': profile.extend({ token: z.string(), tokenInfo: token }),
  'GET /api/v1/auth/session': session,
  'POST /api/v1/auth/logout-everywhere': ended,
  'POST /api/v1/auth/verify-email': profile.extend({ message: z.string() }),
  'POST /api/v1/auth/verify-email/resend': message,
  'POST /api/v1/auth/forgot-password': message,
  'POST /api/v1/auth/reset-password': message.extend(ended.shape),
  'POST /api/v1/auth/change-password': message.extend(ended.shape),
  'POST /api/v1/auth/change-email': message,
  'GET /api/v1/me': profile.extend({ activeOrgId: id.nullable(), token: token.nullable(), staff: z.boolean() }),
  'PUT /api/v1/me/active-org': z.looseObject({ activeOrgId: id, role: z.string() }),
  'POST /api/v1/me/invitations/accept': z.looseObject({ orgId: id, role: z.string() }),
  'GET /api/v1/me/tokens': z.looseObject({ tokens: z.array(token.extend({ current: z.boolean() })) }),
  'POST /api/v1/me/tokens': token.extend({ token: z.string() }),
  'GET /api/v1/me/email-preferences': preferences,
  'PATCH /api/v1/me/email-preferences': preferences,
  'POST /api/v1/webhooks/resend': z.looseObject({ ok: z.literal(true) }),
  'POST /api/v1/billing/webhook': z.looseObject({ received: z.literal(true), workflowId: z.string() }),
  'GET /api/v1/support/publishing/targets': z.looseObject({ targets: z.array(supportLine) }),
  [`GET ${ORG}`]: orgWithRole.extend({ brandProfileUserIds: z.array(id) }),
  [`PATCH ${ORG}`]: orgWithRole,
  [`GET ${ORG}/members`]: z.looseObject({ members: z.array(member) }),
  [`POST ${ORG}/members`]: z.looseObject({ invitation }),
  [`PATCH ${ORG}/members/{userId}`]: z.looseObject({ member: z.looseObject({ userId: id, role: z.string() }) }),
  [`GET ${ORG}/invitations`]: z.looseObject({ invitations: z.array(invitation) }),
  [`POST ${ORG}/invitations`]: z.looseObject({ invitation }),
  [`POST ${ORG}/transfer-ownership`]: z.looseObject({ owner: id, you: z.literal('admin') }),
  [`GET ${ORG}/billing`]: billingState,
  [`POST ${ORG}/billing/checkout`]: z.looseObject({ url: z.string(), sessionId: z.string() }),
  [`POST ${ORG}/billing/portal`]: z.looseObject({ url: z.string() }),
  [`GET ${ORG}/accounts`]: z.looseObject({
    accounts: z.array(account.extend({ active: z.boolean() })),
    platforms: z.array(platformMode),
    sandboxAvailable: z.boolean(),
    activeLimit: z.looseObject({ max: z.number().nullable(), plan: z.string(), paused: z.number(), chosen: z.boolean() }),
  }),
  [`PUT ${ORG}/accounts/active`]: z.looseObject({ active: z.array(z.string()), paused: z.array(z.looseObject({ id: z.string(), platform: z.string(), displayName: z.string() })) }),
  [`GET ${ORG}/accounts/{accountId}`]: z.looseObject({ account }),
  [`POST ${ORG}/accounts/connect`]: z.looseObject({ authorizationUrl: z.string(), sandbox: z.boolean() }),
  [`POST ${ORG}/accounts/connect/finish`]: z.looseObject({ account }),
  [`POST ${ORG}/accounts/connect-sandbox`]: z.looseObject({ account }),
  [`DELETE ${ORG}/accounts/{accountId}`]: z.looseObject({ account }),
  [`GET ${ORG}/posts`]: z.looseObject({ budget: z.looseObject({ level: z.string() }), posts: z.array(postSummary) }),
  [`GET ${ORG}/posts/{postId}`]: z.looseObject({ post: post.extend({ scheduledAt: time }), targets: z.array(targetDetail), revisions: z.array(revision), workflow: postWorkflow.nullable(), temporalUi: link }),
  [`POST ${ORG}/posts/{postId}/approve`]: z.looseObject({ state: workflowState }),
  [`POST ${ORG}/posts/{postId}/reject`]: z.looseObject({ state: workflowState }),
  [`POST ${ORG}/posts/{postId}/resubmit`]: z.looseObject({ state: workflowState }),
  [`PATCH ${ORG}/posts/{postId}`]: z.looseObject({ state: workflowState }),
  [`POST ${ORG}/posts`]: ownPostCreated,
  [`POST ${ORG}/posts/adapt`]: z.looseObject({ aiOutputId: id, offlineWritten: z.boolean(), provider: z.string().nullable(), model: z.string().nullable(), overrides: z.record(z.string(), z.looseObject({ text: z.string(), hashtags: z.array(z.string()) })), visual: z.looseObject({ prompt: z.string(), altText: z.string() }) }),
  [`POST ${ORG}/posts/{postId}/duplicate`]: z.looseObject({ draft }),
  [`POST ${ORG}/posts/{postId}/regenerate-media`]: z.looseObject({ kind: z.enum(['image', 'video']), made: z.array(z.looseObject({ platform: z.string(), mediaId: id })) }),
  [`POST ${ORG}/approvals/bulk`]: z.looseObject({
    action: z.enum(['approve', 'reject']),
    counts: z.looseObject({ approved: z.number().int(), rejected: z.number().int(), refused: z.number().int() }),
    results: z.array(z.looseObject({ postId: id, done: z.boolean(), message: z.string() })),
  }),
  [`GET ${ORG}/calendar`]: z.looseObject({
    timeZone: z.string(),
    from: z.string(),
    to: z.string(),
    posts: z.array(z.looseObject({ id, stage: z.string(), scheduledAt: time, localDate: z.string(), localTime: z.string(), approval: z.looseObject({}).nullable(), retimeWindow: z.looseObject({ earliest: time, latest: time }).nullable(), targets: z.array(z.looseObject({ platform: z.string(), stage: z.string() })) })),
    nextCursor: z.string().nullable(),
  }),
  [`POST ${ORG}/media`]: z.looseObject({ media }),
  [`GET ${ORG}/media/{mediaId}`]: z.looseObject({ media }),
  [`GET ${ORG}/drafts`]: z.looseObject({ drafts: z.array(draft) }),
  [`POST ${ORG}/drafts`]: z.looseObject({ draft }),
  [`GET ${ORG}/drafts/{draftId}`]: z.looseObject({ draft }),
  [`PATCH ${ORG}/drafts/{draftId}`]: z.looseObject({ draft }),
  [`POST ${ORG}/drafts/{draftId}/duplicate`]: z.looseObject({ draft }),
  [`POST ${ORG}/drafts/{draftId}/schedule`]: ownPostCreated.extend({ draftId: id }),
  [`GET ${ORG}/monitoring/alerts`]: z.looseObject({ alerts: z.array(alert) }),
  [`GET ${ORG}/monitoring/posts/{postId}`]: z.looseObject({ postId: id, snapshots: z.array(snapshot), alerts: z.array(alert) }),
  [`GET ${ORG}/publishing/targets`]: z.looseObject({ targets: z.array(supportLine) }),
  [`POST ${ORG}/publishing/targets/{targetId}/replay`]: replayOutcome,
  [`POST ${ORG}/publishing/replays`]: z.looseObject({ dryRun: z.boolean(), targets: z.array(supportLine).optional(), results: z.array(replayOutcome.extend({ targetId: id })).optional() }),
  [`PUT ${ORG}/profiles/{userId}`]: z.looseObject({ profile: z.looseObject({ id, orgId: id, userId: id }), cycle: z.looseObject({ workflowId: z.string(), temporalUi: link }) }),
  [`GET ${ORG}/cycles/{userId}`]: workflowView.extend({ state: cycleState }),
  [`POST ${ORG}/cycles/{userId}/pause`]: workflowState,
  [`POST ${ORG}/cycles/{userId}/resume`]: workflowState,
  [`POST ${ORG}/cycles/{userId}/run-now`]: workflowState,
  [`GET ${ORG}/weekly/{userId}/{planStart}`]: workflowView,
  [`POST ${ORG}/weekly/{userId}/{planStart}/decision`]: z.looseObject({ state: workflowState }),
  // Analytics (JSON; ?format=csv answers the table as CSV), brand profiles, weekly strategies and monthly themes
  [`GET ${ORG}/analytics/overview`]: analyticsOf({ overview: breakdown.extend({ followerGrowth: count.nullable(), byPlatform: z.array(platformOverview) }) }),
  [`GET ${ORG}/analytics/compare`]: analyticsOf({ by: z.string(), groups: z.array(breakdown) }),
  [`GET ${ORG}/analytics/posts`]: analyticsOf({ order: z.enum(['top', 'bottom']), posts: z.array(rankedPost) }),
  [`GET ${ORG}/analytics/predictions`]: analyticsOf({ weeks: z.array(weekPrediction) }),
  [`GET ${ORG}/analytics/kpis`]: analyticsOf({ kpis: z.looseObject({ predictionAccuracy: againstTarget, firstTimeApproval: againstTarget, scheduleAdherence: againstTarget.extend({ published: z.number().int() }) }) }),
  [`GET ${ORG}/analytics/weekly-analyses`]: analyticsOf({ weeks: z.array(z.looseObject({ weekStart: localDate, offlineWritten: z.boolean(), inWords: z.array(z.string()), analysis: z.looseObject({}) })) }),
  [`GET ${ORG}/analytics/accounts`]: analyticsOf({ reads: z.array(accountRead) }),
  [`GET ${ORG}/profiles/{userId}`]: z.looseObject({ profile: brandProfile }),
  [`GET ${ORG}/strategies`]: z.looseObject({ strategies: z.array(strategySummary), nextCursor: z.string().nullable() }),
  [`GET ${ORG}/strategies/current`]: z.looseObject({ strategy }),
  [`GET ${ORG}/strategies/{strategyId}`]: z.looseObject({ strategy }),
  [`GET ${ORG}/monthly-themes/{month}`]: z.looseObject({
    monthlyThemes: z.looseObject({ id, userId: id, month: z.string().regex(/^\d{4}-\d{2}$/), planStart: localDate, themes: z.array(z.looseObject({ week: z.number().int(), title: z.string(), angle: z.string(), contentTypes: z.array(z.string()) })), writtenBy: writtenBy.nullable(), strategyIds: z.array(id) }),
  }),
};
