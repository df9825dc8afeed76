/** A post's stage, as kept in the `Stage` search attribute and the posts table. */
export const POST_STAGES = [
  'drafted',
  'awaiting_approval',
  /** A hand-made post a second approver rejected: back with its author to edit and resubmit. */
  'returned',
  'approved',
  'publishing',
  'published',
  'unconfirmed',
  'expired',
  'skipped',
  'failed',
] as const;
export type PostStage = (typeof POST_STAGES)[number];
