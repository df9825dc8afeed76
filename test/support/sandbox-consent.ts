/**
 * Walks a platform emulator's consent screen the way a person would: opens the authorization URL,
 * checks it is the sandbox page, approves, and returns what the redirect carried back.
 */
export async function approveConsent(authorizationUrl: string, options: { account?: string } = {}): Promise<{ code: string; state: string | null; page: string }> {
  const page = await fetch(authorizationUrl).then((r) => r.text());
  if (!page.includes('Sandbox')) throw new Error(`Not a sandbox consent page: ${page.slice(0, 200)}`);
  const approve = new URL(authorizationUrl);
  approve.searchParams.set('approve', '1');
  if (options.account) approve.searchParams.set('account', options.account);
  const response = await fetch(approve, { redirect: 'manual' });
  const location = response.headers.get('location');
  if (response.status !== 302 || !location) throw new Error(`Consent did not redirect (HTTP ${response.status}): ${await response.text()}`);
  const back = new URL(location);
  const code = back.searchParams.get('code');
  if (!code) throw new Error(`Redirect carried no code: ${location}`);
  return { code, state: back.searchParams.get('state'), page };
}
