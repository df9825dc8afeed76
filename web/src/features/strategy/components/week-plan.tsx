import { platformName } from '../../../lib/platforms.js';
import type { Strategy } from '../api/strategy.js';
import { dayLabel } from '../../../lib/local-dates.js';
import { percent, words } from '../format.js';

/** The week day by day: each planned post with its platform, time, kind, brief and prediction. */
export function WeekPlan({ days, timeZone }: { days: Strategy['days']; timeZone: string }) {
  if (days.length === 0) return <p className="empty">This plan has no days yet.</p>;
  return (
    <ol className="week-plan" aria-label="Day-by-day plan">
      {days.map((day) => (
        <li key={day.date} className="plan-day">
          <h3>
            <time dateTime={day.date}>{dayLabel(day.date)}</time>
          </h3>
          {day.posts.length === 0 ? (
            <p className="muted">No posts planned.</p>
          ) : (
            <ul>
              {day.posts.map((post, i) => (
                <li key={`${post.platform}-${post.time}-${i}`} className="plan-post" data-testid="plan-post">
                  <p className="plan-post-head">
                    <strong>{post.time}</strong> <span className="muted">({timeZone})</span> · {platformName(post.platform)} · {words(post.contentType)}
                  </p>
                  <p>{post.brief}</p>
                  <p className="prediction">
                    Predicted engagement <strong>{percent(post.predictedEngagementRate)}</strong> · confidence <strong>{percent(post.confidence, 0)}</strong>
                  </p>
                </li>
              ))}
            </ul>
          )}
        </li>
      ))}
    </ol>
  );
}
