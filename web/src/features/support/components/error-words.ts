/** What each error kind means and what support does about it (docs/support.md, "Reading why it failed"). */
export const ERROR_KINDS: Record<string, { label: string; advice: string }> = {
  permanent: { label: 'Refused by the platform', advice: 'The platform refused the post itself; replaying the same content fails again. The customer fixes the content.' },
  needs_reconnect: { label: 'Account needs reconnecting', advice: 'The account\'s token was refused. The owner reconnects the account, then replay.' },
  retryable: { label: 'Platform kept failing', advice: 'Herald retried with backoff and the platform kept failing. Check its status page, then replay.' },
  unconfirmed: { label: 'Outcome unknown', advice: 'The request was sent and the answer was lost. Replay: a replay checks the platform first.' },
  interrupted: { label: 'Run stopped in Temporal', advice: 'The publish run was stopped before it recorded an outcome. Replay it.' },
};

export const STATUS_WORDS: Record<string, string> = { failed: 'Failed', unconfirmed: 'Unconfirmed', interrupted: 'Interrupted' };
