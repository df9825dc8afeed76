/**
 * Workflow ids, built in one place so ops can guess them and the API can address them. A person
 * may belong to several orgs, so every user-keyed id carries the org too: `cycle-<orgId>-<userId>`.
 */
export const workflowIds = {
  ping: (pingId: string) => `ping-${pingId}`,
  cycle: (orgId: string, userId: string) => `cycle-${orgId}-${userId}`,
  weekly: (orgId: string, userId: string, weekStart: string) => `weekly-${orgId}-${userId}-${weekStart}`,
  post: (postId: string) => `post-${postId}`,
  publish: (targetId: string, attempt = 1) =>
    attempt <= 1 ? `publish-${targetId}` : `publish-${targetId}-${attempt}`,
  monitor: (targetId: string) => `monitor-${targetId}`,
  learning: (orgId: string, userId: string, weekStart: string) => `learning-${orgId}-${userId}-${weekStart}`,
  /** One delivery per outbox row: a second start while one runs or after one completed is refused. */
  /** A row support sent again (retries > 0) is a new run: the first one completed as failed. */
  email: (emailId: string, retries = 0) => (retries > 0 ? `email-${emailId}-retry-${retries}` : `email-${emailId}`),
  /** The sweeper that starts email-<id> for queued rows; one per deployment (task-queue prefix). */
  emailDispatch: (taskQueuePrefix: string) => `email-dispatch-${taskQueuePrefix}`,
  /** One per Stripe event id: a redelivered event finds its workflow already there. */
  stripeEvent: (eventId: string) => `stripe-event-${eventId}`,
  /** One "Adapt with AI" request. */
  adaptPost: (requestId: string) => `adapt-post-${requestId}`,
  /** Regenerating a post's media: one at a time per post. */
  postMedia: (postId: string) => `post-media-${postId}`,
};

/** The child that does one day's work of a cycle; manual runs are numbered. */
export const dailyRunId = (orgId: string, userId: string, localDate: string, manualRun?: number) =>
  `daily-${orgId}-${userId}-${localDate}${manualRun === undefined ? '' : `-manual-${manualRun}`}`;

/**
 * The ids runs got before they carried the org (they collided for a person in two orgs). Cycles
 * started then keep running under them; the API addresses one only after checking its OrgId
 * search attribute, and replayed workflow code rebuilds them (patch `org-keyed-ids`).
 */
export const legacyWorkflowIds = {
  cycle: (userId: string) => `cycle-${userId}`,
  weekly: (userId: string, weekStart: string) => `weekly-${userId}-${weekStart}`,
  learning: (userId: string, weekStart: string) => `learning-${userId}-${weekStart}`,
  dailyRun: (userId: string, localDate: string, manualRun?: number) =>
    `daily-${userId}-${localDate}${manualRun === undefined ? '' : `-manual-${manualRun}`}`,
};

/** Patch id: user-keyed child workflow ids carry the org (workflows/cycle.ts, weekly.ts). */
export const ORG_KEYED_IDS = 'org-keyed-ids';
