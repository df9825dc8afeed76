/** Each stage a post can be in, as the calendar names it beside its colour (never colour alone). */
export const STAGE_LABELS: Record<string, string> = {
  drafted: 'Being written',
  awaiting_approval: 'Waiting for approval',
  returned: 'Returned to its author',
  approved: 'Approved',
  publishing: 'Publishing',
  published: 'Published',
  unconfirmed: 'Unconfirmed',
  expired: 'Expired',
  skipped: 'Skipped',
  failed: 'Failed',
};

export const stageLabel = (stage: string) => STAGE_LABELS[stage] ?? stage;
