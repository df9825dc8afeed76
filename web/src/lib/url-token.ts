/**
 * E-mail links carry their one-time token after `#`, so it never reaches a server log or a
 * Referer header: `/reset-password#token=...`.
 */
export function tokenFromHash(hash: string = window.location.hash): string | null {
  return new URLSearchParams(hash.replace(/^#/, '')).get('token');
}
