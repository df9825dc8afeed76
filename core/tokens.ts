/** API tokens for scripts and the CLI: every one expires, within bounds a person can choose. */
export const TOKEN_RULES = {
  defaultDays: 90,
  maxDays: 365,
  labelMaxLength: 100,
} as const;

const DAY = 86_400_000;

export function tokenExpiry(nowMs: number, days: number = TOKEN_RULES.defaultDays): Date {
  return new Date(nowMs + days * DAY);
}
