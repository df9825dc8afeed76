/**
 * How often people may start a cycle run by hand. Each run spends the org's AI budget, so "run
 * now" is limited per brand profile over a sliding window.
 */
export const RUN_NOW_LIMIT = {
  runs: 4,
  windowMs: 60 * 60_000,
  label: 'manual runs per hour',
} as const;

/** Roles that may change a brand profile or steer (pause, resume, run) a cycle. */
export const CYCLE_WRITERS = ['owner', 'admin', 'editor'] as const;
