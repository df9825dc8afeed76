import type { DraftField } from '../brand-profile/draft.js';

/** The wizard's steps in order; the profile is saved when leaving the last step that has fields. */
export const STEPS = [
  { id: 'business', title: 'Your business', fields: ['businessName', 'industry', 'website'] },
  { id: 'voice', title: 'Audience and voice', fields: ['audience', 'brandVoice', 'goals', 'contentRestrictions'] },
  { id: 'platforms', title: 'Platforms', fields: ['platforms', 'postsPerDay'] },
  { id: 'time-zone', title: 'Time zone', fields: ['timeZone'] },
  { id: 'accounts', title: 'Connect accounts', fields: [] },
  { id: 'first-run', title: 'First run', fields: [] },
] as const satisfies readonly { id: string; title: string; fields: readonly DraftField[] }[];

export type StepId = (typeof STEPS)[number]['id'];
export const SAVE_STEP: StepId = 'time-zone';
export const stepIndex = (id: StepId) => STEPS.findIndex((s) => s.id === id);
