import { useState } from 'react';
import { Link } from 'react-router';
import { ToggleButton, ToggleButtonGroup } from 'react-aria-components';
import { Alert } from '../../../components/ui/alert.js';
import { Button } from '../../../components/ui/button.js';
import { DateField } from '../../../components/ui/date-picker.js';
import { addDays, addMonths, dayLabel, daysFrom, monthGridOf, monthLabel, todayIn, weekStartOf } from '../../../lib/local-dates.js';
import { useCalendar, type PlacedPost } from '../api/calendar.js';
import '../calendar.css';
import { StageLegend } from './legend.js';
import { PostChip } from './post-chip.js';
import type { Notice } from './window-drag.js';

type View = 'week' | 'month';
const MONTH_CELL_POSTS = 3;

/** The days a view shows around a date: its Monday-to-Sunday week, or the weeks of its month. */
function daysOf(view: View, date: string): string[] {
  return view === 'week' ? daysFrom(weekStartOf(date), 7) : monthGridOf(date).days;
}

function titleOf(view: View, days: string[]): string {
  return view === 'month' ? monthLabel(days[10]!) : `${dayLabel(days[0]!)} – ${dayLabel(days[6]!)} ${days[6]!.slice(0, 4)}`;
}

/** The org's posts on the user's calendar, a week or a month at a time, in the user's zone. */
export function CalendarView({ orgId, timeZone }: { orgId: string; timeZone: string }) {
  const today = todayIn(timeZone);
  const [view, setView] = useState<View>('week');
  const [date, setDate] = useState(today);
  const [notice, setNotice] = useState<Notice | null>(null);
  const days = daysOf(view, date);
  const calendar = useCalendar(orgId, days[0]!, days.at(-1)!, timeZone);
  const step = (n: number) => setDate(view === 'week' ? addDays(date, 7 * n) : addMonths(date, n));
  const postsOf = (day: string) => calendar.data?.filter((p) => p.day === day) ?? [];
  const month = date.slice(0, 7);

  return (
    <section aria-labelledby="cal-title">
      <div className="cal-toolbar">
        <h2 id="cal-title" aria-live="polite">
          {titleOf(view, days)}
        </h2>
        <div className="cal-nav">
          <Button variant="secondary" onPress={() => step(-1)} aria-label={`Previous ${view}`}>
            ‹ Previous
          </Button>
          <Button variant="secondary" onPress={() => setDate(today)}>
            Today
          </Button>
          <Button variant="secondary" onPress={() => step(1)} aria-label={`Next ${view}`}>
            Next ›
          </Button>
        </div>
        <ToggleButtonGroup className="cal-views" aria-label="View" selectionMode="single" disallowEmptySelection selectedKeys={[view]} onSelectionChange={(keys) => setView([...keys][0] as View)}>
          <ToggleButton id="week" className="cal-view">Week</ToggleButton>
          <ToggleButton id="month" className="cal-view">Month</ToggleButton>
        </ToggleButtonGroup>
      </div>
      <div className="cal-goto">
        <DateField label="Go to date" value={date} onChange={(d) => d && setDate(d)} timeZone={timeZone} description={`Shows the ${view} holding that day, in ${timeZone}`} />
      </div>
      <p className="muted">
        Times in {timeZone}. Press a post to open it. An approved post can move up to 30 minutes either way: drag it up or down on the week, or open it and use its slider or type a time.
      </p>
      <StageLegend />
      <div className="cal-notice">{notice && <Alert tone={notice.tone}>{notice.text}</Alert>}</div>
      {calendar.isPending && <p role="status">Loading the {view}'s posts…</p>}
      {calendar.error && <Alert>{calendar.error.message}</Alert>}
      {calendar.data && calendar.data.length === 0 && <p className="empty">No posts this {view}. Herald plans the coming days each night; add one of your own with “New post”.</p>}
      <ol className={`cal-grid ${view}`} aria-label={`Days of ${titleOf(view, days)}`}>
        {days.map((day) => (
          <Day key={day} orgId={orgId} onNotice={setNotice} day={day} posts={postsOf(day)} timeZone={timeZone} compact={view === 'month'} isToday={day === today} outside={view === 'month' && !day.startsWith(month)} />
        ))}
      </ol>
    </section>
  );
}

interface DayProps {
  orgId: string;
  onNotice: (notice: Notice) => void;
  day: string;
  posts: PlacedPost[];
  timeZone: string;
  compact: boolean;
  isToday: boolean;
  outside: boolean;
}

function Day({ orgId, onNotice, day, posts, timeZone, compact, isToday, outside }: DayProps) {
  const shown = compact ? posts.slice(0, MONTH_CELL_POSTS) : posts;
  const classes = ['cal-day', isToday && 'today', outside && 'outside', posts.length === 0 && 'no-posts'].filter(Boolean).join(' ');
  return (
    <li className={classes} data-day={day} aria-current={isToday ? 'date' : undefined}>
      <h3>
        <time dateTime={day}>
          {compact ? (
            <>
              <span className="day-number" aria-hidden="true">{Number(day.slice(8))}</span>
              <span className="cal-sr">{dayLabel(day)}</span>
            </>
          ) : (
            dayLabel(day)
          )}
        </time>
        {isToday && <span className="today-mark">Today</span>}
      </h3>
      {shown.length > 0 && (
        <ul className="cal-posts">
          {shown.map((post) => (
            <li key={post.id}>
              <PostChip orgId={orgId} post={post} timeZone={timeZone} compact={compact} onNotice={onNotice} />
            </li>
          ))}
        </ul>
      )}
      {posts.length > shown.length && <p className="more">+{posts.length - shown.length} more</p>}
      <Link className="cal-new" to={`/compose?date=${day}`} aria-label={`New post on ${dayLabel(day)}`}>
        + New post
      </Link>
    </li>
  );
}
