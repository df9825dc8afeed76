import { render, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { useState } from 'react';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { DateField, TimeInput } from '../../web/src/components/ui/date-picker.js';
import { AnalyticsScreen } from '../../web/src/features/analytics/components/analytics-screen.js';
import { json, renderScreen, stubApi, type Request } from './render.js';
import { collapseLikeABrowser } from './selection.js';

beforeAll(collapseLikeABrowser);

const ORG = '7d2f8a4e-4a59-4c8e-9d8e-3f1c2b6a1e01';
const ZONE = 'America/New_York';

/** Every analytics table answers empty: these tests are about which range is asked for. */
const emptyAnalytics = (req: Request) => {
  const table = req.url.pathname.split('/').at(-1)!;
  const range = { from: req.url.searchParams.get('from'), to: req.url.searchParams.get('to'), timeZone: req.url.searchParams.get('timeZone') };
  const empty: Record<string, object> = {
    overview: { overview: { posts: 0, reach: 0, engagements: 0, engagementRate: 0, followerGrowth: null, byPlatform: [] } },
    compare: { by: req.url.searchParams.get('by'), groups: [] },
    posts: { order: 'top', posts: [] },
    'weekly-analyses': { weeks: [] },
    accounts: { reads: [] },
  };
  return json({ range, ...empty[table] });
};
const overviewRanges = (requests: Request[]) => requests.filter((r) => r.url.pathname.endsWith('/overview')).map((r) => `${r.url.searchParams.get('from')}..${r.url.searchParams.get('to')} ${r.url.searchParams.get('timeZone')}`);
const segment = (name: RegExp) => screen.getByRole('spinbutton', { name });

describe('the analytics date range picker', () => {
  it('names the zone, and a day typed into the first field asks for the new range in that zone', async () => {
    const user = userEvent.setup();
    const requests = stubApi(emptyAnalytics);
    renderScreen(<AnalyticsScreen orgId={ORG} timeZone={ZONE} />, '/analytics?from=2026-03-02&to=2026-03-15');
    expect(await screen.findByText(`First and last day (both included), in ${ZONE}`)).toBeTruthy();
    await waitFor(() => expect(overviewRanges(requests)).toEqual([`2026-03-02..2026-03-15 ${ZONE}`]));

    await user.click(segment(/^day, Start Date/));
    await user.keyboard('09');
    await waitFor(() => expect(overviewRanges(requests)).toContain(`2026-03-09..2026-03-15 ${ZONE}`));
  });

  it('refuses a range whose last day comes before its first, says why, and asks for nothing', async () => {
    const user = userEvent.setup();
    const requests = stubApi(emptyAnalytics);
    renderScreen(<AnalyticsScreen orgId={ORG} timeZone={ZONE} />, '/analytics?from=2026-03-02&to=2026-03-15');
    await waitFor(() => expect(overviewRanges(requests)).toHaveLength(1));

    await user.click(segment(/^month, End Date/));
    await user.keyboard('02');
    expect((await screen.findByRole('alert')).textContent).toBe('The first day (2026-03-02) comes after the last (2026-02-15): swap them.');
    expect(segment(/^month, End Date/).getAttribute('aria-invalid')).toBe('true');
    expect(overviewRanges(requests)).toEqual([`2026-03-02..2026-03-15 ${ZONE}`]);
  });
});

function Harness({ timeZone }: { timeZone: string }) {
  const [date, setDate] = useState('');
  const [time, setTime] = useState('09:00');
  return (
    <>
      <DateField label="Date" value={date} onChange={setDate} timeZone={timeZone} minValue="today" description={`A day in ${timeZone}`} />
      <TimeInput label={`Time (${timeZone})`} value={time} onChange={setTime} />
      <output aria-label="chosen">{`${date} ${time}`}</output>
    </>
  );
}

describe('a day and a time in the user\'s zone', () => {
  // 20:00 on 8 December in UTC (and in this test's browser) is already 9 December in Tokyo.
  beforeEach(() => vi.useFakeTimers({ now: new Date('2026-12-08T20:00:00Z'), toFake: ['Date'] }));
  afterEach(() => vi.useRealTimers());

  it('the calendar opens on today in the user\'s zone, and a day before it cannot be chosen', async () => {
    const user = userEvent.setup();
    render(<Harness timeZone="Asia/Tokyo" />);
    await user.click(screen.getByRole('button', { name: /^Calendar,? Date$/ }));
    const calendar = await screen.findByRole('application');
    expect(within(calendar).getByRole('heading').textContent).toBe('December 2026');
    const cell = (day: number) => within(calendar).getByRole('button', { name: new RegExp(`December ${day}, 2026`) });
    expect(cell(8).getAttribute('aria-disabled')).toBe('true');
    expect(cell(9).getAttribute('aria-disabled')).toBeNull();
    await user.click(cell(10));
    expect(screen.getByLabelText('chosen').textContent).toBe('2026-12-10 09:00');
  });

  it('a day and a time are typed segment by segment', async () => {
    const user = userEvent.setup();
    render(<Harness timeZone="Europe/Berlin" />);
    await user.click(segment(/^month, Date/));
    await user.keyboard('12242026');
    await user.click(segment(/^hour, Time/));
    await user.keyboard('0730');
    expect(screen.getByLabelText('chosen').textContent).toBe('2026-12-24 07:30');
  });
});
