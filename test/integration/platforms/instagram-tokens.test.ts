import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { platformHarness, type PlatformHarness } from '../../support/platforms.js';

/**
 * Instagram's long-lived tokens (60 days) have no refresh token: they are renewed by exchanging
 * them while still valid, and an expired one cannot be exchanged. The emulator's clock stands for
 * the platform's time; the stored expiry is moved by the same amount for Herald's side.
 */
let h: PlatformHarness;
beforeAll(async () => {
  h = await platformHarness();
});
afterAll(() => h?.close());

const DAY = 86_400_000;

async function storedExpiryIn(accountId: string, ms: number) {
  await h.database.db.execute(sql`update social_accounts set access_token_expires_at = ${new Date(Date.now() + ms).toISOString()} where id = ${accountId}`);
}

const lookup = (accountId: string) =>
  h.platforms.sessions.run(accountId, (s, a) => a.findExisting(s, { content: { text: 'nothing like this', hashtags: [], media: [] }, since: new Date(0) }));

describe('Instagram long-lived tokens', () => {
  it('are renewed in their last week, so the account still works after the first token has expired', async () => {
    const accountId = await h.connect('instagram', 'ig-renews');
    const before = await h.accountRow(accountId);
    let moved = 0;
    try {
      await h.advanceClock(55 * DAY);
      moved += 55 * DAY;
      await storedExpiryIn(accountId, 5 * DAY);
      await lookup(accountId);
      const renewed = await h.accountRow(accountId);
      expect(renewed.accessTokenEnc).not.toBe(before.accessTokenEnc);
      expect(renewed.accessTokenExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 59 * DAY);

      await h.advanceClock(10 * DAY);
      moved += 10 * DAY;
      await storedExpiryIn(accountId, 50 * DAY);
      await expect(lookup(accountId)).resolves.toBeUndefined();
      expect((await h.accountRow(accountId)).status).toBe('connected');
    } finally {
      await h.advanceClock(-moved);
    }
  });

  it('once expired cannot be exchanged: the account must be reconnected', async () => {
    const accountId = await h.connect('instagram', 'ig-expires');
    try {
      await h.advanceClock(61 * DAY);
      await storedExpiryIn(accountId, -DAY);
      await expect(lookup(accountId)).rejects.toMatchObject({ kind: 'needs_reconnect' });
      expect((await h.accountRow(accountId)).status).toBe('needs_reconnect');
    } finally {
      await h.advanceClock(-61 * DAY);
    }
  });
});
