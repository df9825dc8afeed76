/** Workflow ids, built in one place so ops can guess them and the API can address them. */
export const workflowIds = {
  ping: (pingId: string) => `ping-${pingId}`,
  cycle: (userId: string) => `cycle-${userId}`,
  weekly: (userId: string, weekStart: string) => `weekly-${userId}-${weekStart}`,
  post: (postId: string) => `post-${postId}`,
  publish: (targetId: string, attempt = 1) =>
    attempt <= 1 ? `publish-${targetId}` : `publish-${targetId}-${attempt}`,
  monitor: (targetId: string) => `monitor-${targetId}`,
  learning: (userId: string, weekStart: string) => `learning-${userId}-${weekStart}`,
  /** One per Stripe event id: a redelivered event finds its workflow already there. */
  stripeEvent: (eventId: string) => `stripe-event-${eventId}`,
};

/** The child that does one day's work of a cycle; manual runs are numbered. */
export const dailyRunId = (userId: string, localDate: string, manualRun?: number) =>
  manualRun === undefined ? `daily-${userId}-${localDate}` : `daily-${userId}-${localDate}-manual-${manualRun}`;
