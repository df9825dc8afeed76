import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { posts } from '../../db/schema/index.js';
import { createBrandProfile } from '../support/content.js';
import { createTestUser, startStack, type TestStack, type TestUser } from '../support/stack.js';

/**
 * The calendar: an org's posts by local day in its zone, paged with an opaque cursor. Berlin moves
 * its clocks forward on 2027-03-28 (02:00 -> 03:00): that day has 23 hours, and its midnight is
 * 23:00 UTC the day before.
 */
let stack: TestStack;
let owner: TestUser;
let stranger: TestUser;

beforeAll(async () => {
  stack = await startStack({ worker: false });
  owner = await createTestUser(stack, { name: 'Rosa' });
  await createBrandProfile(stack, owner, { timeZone: 'Europe/Berlin' });
  stranger = await createTestUser(stack, { name: 'Other Org' });
  await createBrandProfile(stack, stranger, { timeZone: 'Europe/Berlin' });
});
afterAll(() => stack?.stop());

async function postAt(user: TestUser, iso: string): Promise<string> {
  const [row] = await stack.database.db
    .insert(posts)
    .values({ orgId: user.orgId, userId: user.userId, stage: 'approved', scheduledAt: new Date(iso), slotKey: `calendar:${randomUUID()}` })
    .returning();
  return row!.id;
}

const calendar = (user: TestUser, query: string, orgId = owner.orgId) => user.request(`/api/v1/orgs/${orgId}/calendar?${query}`);

interface Page {
  timeZone: string;
  posts: { id: string; localDate: string; localTime: string; scheduledAt: string }[];
  nextCursor: string | null;
}

describe('the calendar', () => {
  let onTheDay: string[];
  beforeAll(async () => {
    await postAt(owner, '2027-03-27T22:30:00Z'); // 23:30 CET on the 27th
    onTheDay = [
      await postAt(owner, '2027-03-27T23:30:00Z'), // 00:30 CET on the 28th
      await postAt(owner, '2027-03-28T01:30:00Z'), // 03:30 CEST, just after the change
      await postAt(owner, '2027-03-28T21:30:00Z'), // 23:30 CEST
    ];
    await postAt(owner, '2027-03-28T22:30:00Z'); // 00:30 CEST on the 29th
    await postAt(stranger, '2027-03-28T10:00:00Z');
  });

  it('cuts days at local midnight across a DST change and names each post\'s local date and time', async () => {
    const res = await calendar(owner, 'from=2027-03-28&to=2027-03-28');
    expect(res.status).toBe(200);
    const page: Page = await res.json();
    expect(page.timeZone).toBe('Europe/Berlin');
    expect(page.posts.map((p) => p.id)).toEqual(onTheDay);
    expect(page.posts.map((p) => `${p.localDate} ${p.localTime}`)).toEqual(['2027-03-28 00:30', '2027-03-28 03:30', '2027-03-28 23:30']);
    expect(page.nextCursor).toBeNull();
  });

  it('gives an approved post the +-30 min window around its approved time, and a waiting post none', async () => {
    const [moved] = await stack.database.db
      .insert(posts)
      .values({ orgId: owner.orgId, userId: owner.userId, stage: 'approved', scheduledAt: new Date('2027-05-04T08:10:00Z'), approvedScheduledAt: new Date('2027-05-04T08:00:00Z'), slotKey: `calendar:${randomUUID()}` })
      .returning();
    const [waiting] = await stack.database.db
      .insert(posts)
      .values({ orgId: owner.orgId, userId: owner.userId, stage: 'awaiting_approval', scheduledAt: new Date('2027-05-04T12:00:00Z'), slotKey: `calendar:${randomUUID()}` })
      .returning();
    const page = (await (await calendar(owner, 'from=2027-05-04&to=2027-05-04')).json()) as { posts: { id: string; retimeWindow: { earliest: string; latest: string } | null }[] };
    expect(page.posts.find((p) => p.id === moved!.id)?.retimeWindow).toEqual({ earliest: '2027-05-04T07:30:00.000Z', latest: '2027-05-04T08:30:00.000Z' });
    expect(page.posts.find((p) => p.id === waiting!.id)?.retimeWindow).toBeNull();
  });

  it('pages with a cursor in a stable order, posts at the same time included once each', async () => {
    const sameTime = [await postAt(owner, '2027-04-02T08:00:00Z'), await postAt(owner, '2027-04-02T08:00:00Z'), await postAt(owner, '2027-04-02T08:00:00Z')];
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await calendar(owner, `from=2027-03-27&to=2027-04-02&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      const page: Page = await res.json();
      expect(page.posts.length).toBeLessThanOrEqual(2);
      seen.push(...page.posts.map((p) => p.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(seen).toHaveLength(8);
    expect(new Set(seen).size).toBe(8);
    expect(seen.slice(5)).toEqual([...sameTime].sort());
    const whole: Page = await (await calendar(owner, 'from=2027-03-27&to=2027-04-02&limit=200')).json();
    expect(seen).toEqual(whole.posts.map((p) => p.id));
  });

  it('answers 422 naming what to fix: reversed, too long or impossible ranges, a bad cursor, a limit over the maximum', async () => {
    const problem = async (query: string) => {
      const res = await calendar(owner, query);
      expect(res.status).toBe(422);
      return (await res.json()).error.message as string;
    };
    expect(await problem('from=2027-03-28&to=2027-03-27')).toContain('to: must be on or after from (2027-03-28)');
    expect(await problem('from=2027-01-01&to=2027-06-30')).toContain('at most 92 days');
    expect(await problem('from=2027-02-30&to=2027-03-02')).toContain('real calendar dates');
    expect(await problem('from=2027-03-28')).toContain('to');
    expect(await problem('from=2027-03-28&to=2027-03-28&cursor=not-a-cursor')).toContain('pass nextCursor');
    expect(await problem('from=2027-03-28&to=2027-03-28&limit=500')).toContain('at most 200 posts per page');
  });

  it('without a brand profile uses the owner\'s zone, the same zone the analytics answer in', async () => {
    const traveller = await createTestUser(stack, { name: 'No Profile', timeZone: 'America/New_York' });
    const late = await postAt(traveller, '2027-03-28T03:30:00Z'); // 23:30 EDT on the 27th
    const page: Page = await (await calendar(traveller, 'from=2027-03-27&to=2027-03-27', traveller.orgId)).json();
    expect(page.timeZone).toBe('America/New_York');
    expect(page.posts.map((p) => [p.id, p.localDate, p.localTime])).toEqual([[late, '2027-03-27', '23:30']]);
    const analytics = await (await traveller.request(`/api/v1/orgs/${traveller.orgId}/analytics/overview?from=2027-03-27&to=2027-03-27`)).json();
    expect(analytics.range.timeZone).toBe(page.timeZone);
  });

  it('shows only the org\'s own posts; another org\'s calendar answers 404', async () => {
    const theirs: Page = await (await calendar(stranger, 'from=2027-03-28&to=2027-03-28', stranger.orgId)).json();
    expect(theirs.posts).toHaveLength(1);
    expect((await calendar(stranger, 'from=2027-03-28&to=2027-03-28')).status).toBe(404);
  });
});
