import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { MemoryRouter } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CalendarView } from '../../web/src/features/calendar/components/calendar-view.js';
import { Retime } from '../../web/src/features/calendar/components/retime.js';
import type { PlacedPost } from '../../web/src/features/calendar/api/calendar.js';
import { minutesFromWallClock, monthGridOf, wallClockOf } from '../../web/src/lib/local-dates.js';

/** The network boundary: each request is recorded and answered by `answer` with a real Response. */
function stubFetch(answer: (url: URL, init: RequestInit) => { status?: number; body: unknown }) {
  const requests: { url: URL; method: string; body: unknown }[] = [];
  globalThis.fetch = (async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input), 'http://herald.test');
    requests.push({ url, method: init.method ?? 'GET', body: init.body ? JSON.parse(String(init.body)) : undefined });
    const { status = 200, body } = answer(url, init);
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
  return requests;
}

function wrap(children: ReactNode) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <MemoryRouter>{children}</MemoryRouter>
    </QueryClientProvider>,
  );
}

const calendarPost = (id: string, scheduledAt: string, stage: string, extra: Partial<PlacedPost> = {}) => ({
  id,
  stage,
  scheduledAt,
  localDate: '',
  localTime: '',
  approval: null,
  retimeWindow: null,
  targets: [{ platform: 'linkedin', stage }, { platform: 'x', stage }],
  ...extra,
});

describe('calendar dates', () => {
  it('reads an instant on the wall clock of a zone, across the date line', () => {
    expect(wallClockOf('2026-12-06T23:30:00Z', 'Asia/Tokyo')).toEqual({ date: '2026-12-07', time: '08:30' });
    expect(wallClockOf('2026-12-06T23:30:00Z', 'America/Los_Angeles')).toEqual({ date: '2026-12-06', time: '15:30' });
  });

  it('measures a typed time against an instant by the nearest day', () => {
    expect(minutesFromWallClock('2026-12-07T22:50:00Z', '00:10', 'Europe/Berlin')).toBe(20);
    expect(minutesFromWallClock('2026-12-07T08:00:00Z', '08:15', 'Europe/Berlin')).toBe(-45);
  });

  it('measures a typed time in real minutes across a daylight-saving change', () => {
    // 03:10 CEST on 28 March 2027 came 30 minutes after 01:40 CET: the hour 02:00-02:59 never was.
    expect(minutesFromWallClock('2027-03-28T01:10:00Z', '01:40', 'Europe/Berlin')).toBe(-30);
    expect(minutesFromWallClock('2027-03-28T00:40:00Z', '03:10', 'Europe/Berlin')).toBe(30);
  });

  it('shows a month as whole Monday-to-Sunday weeks', () => {
    const grid = monthGridOf('2027-02-14');
    expect([grid.first, grid.last, grid.days.length]).toEqual(['2027-02-01', '2027-02-28', 28]);
    expect(monthGridOf('2026-12-03')).toMatchObject({ first: '2026-11-30', last: '2027-01-03' });
  });
});

describe('the calendar', () => {
  beforeEach(() => vi.useFakeTimers({ now: new Date('2026-12-08T03:00:00Z'), toFake: ['Date'] }));
  afterEach(() => vi.useRealTimers());

  it('lays the week out in the user\'s zone, names the zone, says each status in words and links a new post to its day', async () => {
    const requests = stubFetch(() => ({
      body: {
        timeZone: 'Europe/Berlin',
        from: '2026-12-06',
        to: '2026-12-14',
        nextCursor: null,
        posts: [
          calendarPost('a', '2026-12-06T23:30:00Z', 'approved'), // Mon 7 Dec 08:30 in Tokyo, still Sunday in Berlin
          calendarPost('b', '2026-12-09T03:00:00Z', 'awaiting_approval'), // Wed 9 Dec 12:00 in Tokyo
          calendarPost('c', '2026-12-13T16:00:00Z', 'published'), // Mon 14 Dec 01:00 in Tokyo: next week
        ],
      },
    }));
    wrap(<CalendarView orgId="o1" timeZone="Asia/Tokyo" />);
    await screen.findAllByTestId('cal-chip');

    expect(requests[0]!.url.pathname).toBe('/api/v1/orgs/o1/calendar');
    expect(Object.fromEntries(requests[0]!.url.searchParams)).toMatchObject({ from: '2026-12-06', to: '2026-12-14' });
    expect(screen.getByText(/Times in Asia\/Tokyo/)).toBeTruthy();
    const monday = document.querySelector<HTMLElement>('[data-day="2026-12-07"]')!;
    expect(within(monday).getByRole('button').textContent).toMatch(/^08:30 Asia\/Tokyo, Mon\W+(7 Dec|Dec 7): LinkedIn, X Approved$/);
    const wednesday = document.querySelector<HTMLElement>('[data-day="2026-12-09"]')!;
    expect(within(wednesday).getByTestId('cal-chip').textContent).toMatch(/^12:00 Asia\/Tokyo, Wed\W+(9 Dec|Dec 9): LinkedIn, X Waiting for approval$/);
    expect(screen.getAllByTestId('cal-chip')).toHaveLength(2);
    expect(document.querySelector('[data-day="2026-12-08"]')!.getAttribute('aria-current')).toBe('date');
    expect(within(wednesday).getByRole('link', { name: /^New post on Wed/ }).getAttribute('href')).toBe('/compose?date=2026-12-09');
    const legend = screen.getByRole('list', { name: 'Status colours' });
    expect(within(legend).getByText('Waiting for approval')).toBeTruthy();
  });

  it('switches to the month, reading its whole weeks, and says when the API fails', async () => {
    const requests = stubFetch((url) =>
      url.searchParams.get('from') === '2026-11-29' ? { status: 503, body: { error: { code: 'unavailable', message: 'The database is restarting; try again in a minute.' } } } : { body: { timeZone: 'UTC', from: '', to: '', posts: [], nextCursor: null } },
    );
    wrap(<CalendarView orgId="o1" timeZone="Europe/Berlin" />);
    await screen.findByText(/No posts this week/);
    fireEvent.click(screen.getByRole('radio', { name: 'Month' }));
    await screen.findByText('The database is restarting; try again in a minute.');
    expect(Object.fromEntries(requests.at(-1)!.url.searchParams)).toMatchObject({ from: '2026-11-29', to: '2027-01-04' });
    expect(screen.getByRole('heading', { name: 'December 2026' })).toBeTruthy();
  });
});

describe('moving an approved post', () => {
  // Approved for 09:00 Berlin (08:00Z), since moved to 09:10; it may go from 08:30 to 09:30.
  const post = { ...calendarPost('p1', '2026-12-07T08:10:00Z', 'approved'), day: '2026-12-07', time: '09:10' } as PlacedPost;
  const window = { earliest: '2026-12-07T07:30:00Z', latest: '2026-12-07T08:30:00Z' };

  it('moves within the window and refuses a time beyond it, saying why', async () => {
    const requests = stubFetch(() => ({ body: { state: { stage: 'approved' } } }));
    wrap(<Retime orgId="o1" post={post} window={window} timeZone="Europe/Berlin" />);
    expect(screen.getByText(/between 08:30 and 09:30 \(Europe\/Berlin\)/)).toBeTruthy();
    const field = screen.getByLabelText(/Or type the new time/);

    fireEvent.change(field, { target: { value: '09:45' } });
    expect(screen.getByRole('alert').textContent).toContain('09:45 is 45 minutes from the approved time 09:00: an approved post may move at most 30 minutes');
    expect(screen.getByRole('button', { name: 'Move' }).hasAttribute('disabled')).toBe(true);

    fireEvent.change(field, { target: { value: '09:25' } });
    expect(screen.queryByRole('alert')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Move to 09:25' }));
    await waitFor(() => expect(requests).toHaveLength(1));
    expect(requests[0]).toMatchObject({ method: 'PATCH', body: { scheduledAt: '2026-12-07T08:25:00.000Z' } });
    expect(requests[0]!.url.pathname).toBe('/api/v1/orgs/o1/posts/p1');
  });

  it('drags by keyboard too: the arrow keys move the post five minutes and stop at the window\'s edge', () => {
    stubFetch(() => ({ body: {} }));
    wrap(<Retime orgId="o1" post={{ ...post, time: '09:25', scheduledAt: '2026-12-07T08:25:00Z' }} window={window} timeZone="Europe/Berlin" />);
    const thumb = screen.getByRole('slider', { name: /Publish time/ });
    fireEvent.keyDown(thumb, { key: 'ArrowRight' });
    expect((screen.getByLabelText(/Or type the new time/) as HTMLInputElement).value).toBe('09:30');
    fireEvent.keyDown(thumb, { key: 'ArrowRight' });
    expect((screen.getByLabelText(/Or type the new time/) as HTMLInputElement).value).toBe('09:30');
    fireEvent.keyDown(thumb, { key: 'Home' });
    expect((screen.getByLabelText(/Or type the new time/) as HTMLInputElement).value).toBe('08:30');
  });

  describe('by dragging it on the week', () => {
    beforeEach(() => vi.useFakeTimers({ now: new Date('2026-12-07T06:00:00Z'), toFake: ['Date'] }));
    afterEach(() => vi.useRealTimers());
    const pointer = (type: string, clientY: number) => new PointerEvent(type, { clientY, button: 0, pointerId: 7, pointerType: 'mouse', bubbles: true });

    /** Presses the post, moves the mouse `dy` pixels (two a minute) and lets go. */
    function drag(chip: HTMLElement, dy: number) {
      fireEvent(chip, pointer('pointerdown', 200));
      for (const y of [205, 200 + dy / 2, 200 + dy]) globalThis.dispatchEvent(pointer('pointermove', y));
      globalThis.dispatchEvent(pointer('pointerup', 200 + dy));
    }

    it('moves it within the window on a drop, in 5-minute steps, and refuses a drop beyond it, saying why', async () => {
      let scheduledAt = post.scheduledAt;
      const requests = stubFetch((_url, init) => {
        if (init.method !== 'PATCH') return { body: { timeZone: 'Europe/Berlin', from: '', to: '', nextCursor: null, posts: [{ ...post, scheduledAt, retimeWindow: window }] } };
        scheduledAt = (JSON.parse(String(init.body)) as { scheduledAt: string }).scheduledAt;
        return { body: { state: { stage: 'approved' } } };
      });
      wrap(<CalendarView orgId="o1" timeZone="Europe/Berlin" />);
      const chip = await screen.findByTestId('cal-chip');
      expect(chip.textContent).toMatch(/^09:10 /);

      fireEvent(chip, pointer('pointerdown', 200));
      globalThis.dispatchEvent(pointer('pointermove', 243)); // 21.5 minutes later: snaps to 09:30
      await waitFor(() => expect(chip.textContent).toMatch(/^09:30 /));
      expect(document.querySelector('.cal-window')!.textContent).toBe('08:3009:30');
      globalThis.dispatchEvent(pointer('pointerup', 243));
      await waitFor(() => expect(requests.filter((r) => r.method === 'PATCH')).toHaveLength(1));
      expect(requests.find((r) => r.method === 'PATCH')).toMatchObject({ body: { scheduledAt: '2026-12-07T08:30:00.000Z' } });
      expect(requests.find((r) => r.method === 'PATCH')!.url.pathname).toBe('/api/v1/orgs/o1/posts/p1');
      expect(screen.queryByRole('dialog')).toBeNull();

      expect(screen.getByRole('status').textContent).toBe('Moved: it publishes at 09:30 (Europe/Berlin).');
      await waitFor(() => expect(chip.getAttribute('aria-busy')).toBeNull());
      drag(chip, 30); // 15 minutes after 09:30 is 09:45: beyond the window
      expect((await screen.findByRole('alert')).textContent).toBe(
        '09:45 is 45 minutes from the approved time 09:00: an approved post may move at most 30 minutes, between 08:30 and 09:30 (Europe/Berlin). To publish at another time, reject it and plan a new post.',
      );
      expect(requests.filter((r) => r.method === 'PATCH')).toHaveLength(1);
      expect(chip.style.transform).toBe('');
      expect(chip.textContent).toMatch(/^09:30 /);
    });
  });
});
