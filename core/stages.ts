/** A post's stage, as kept in the `Stage` search attribute and the posts table. */
export const POST_STAGES = [
  'drafted',
  'awaiting_approval',
  'approved',
  'publishing',
  'published',
  'unconfirmed',
  'expired',
  'skipped',
  'failed',
] as const;
export type PostStage = (typeof POST_STAGES)[number];
