import { wallClockOf } from '../../../lib/local-dates.js';
import { useRetime, type PlacedPost } from '../api/calendar.js';
import { beyondWindowMessage, insideWindow, instantAt, retimeWindowOf, snappedOffset } from '../retime-window.js';
import { useVerticalDrag } from './use-vertical-drag.js';

/** The week's time axis while dragging: two pixels a minute, so the hour-wide window is 120 px tall. */
export const PX_PER_MINUTE = 2;
const MINUTE = 60_000;

export interface Notice {
  tone: 'error' | 'success';
  text: string;
}

/** Where a dragged post would go: its snapped offset on screen, the time it names, and the window drawn around it. */
export interface DragPreview {
  dy: number;
  time: string;
  beyond: boolean;
  bandTop: number;
  bandBottom: number;
  earliest: string;
  latest: string;
}

const pxOf = (ms: number) => (ms / MINUTE) * PX_PER_MINUTE;

/**
 * Dragging an approved post along its +-30 minute window: the drop inside asks the post's edit
 * (`PATCH .../posts/:postId`, which its workflow checks again); a drop beyond is refused here, in
 * words, and the post goes back. Only approved posts carry a window; others do not drag.
 */
export function useWindowDrag({ orgId, post, timeZone, enabled, onNotice }: { orgId: string; post: PlacedPost; timeZone: string; enabled: boolean; onNotice: (notice: Notice) => void }) {
  const retime = useRetime(orgId);
  const allowed = enabled && post.retimeWindow ? retimeWindowOf(post.retimeWindow) : null;
  const currentMs = Date.parse(post.scheduledAt);
  const clock = (ms: number) => wallClockOf(ms, timeZone).time;
  const offsetAt = (dy: number) => snappedOffset(allowed!, currentMs + (dy / PX_PER_MINUTE) * MINUTE);

  const drag = useVerticalDrag({
    enabled: allowed !== null && !retime.isPending,
    onDrop: (dy) => {
      const minutes = offsetAt(dy);
      if (!insideWindow(allowed!, minutes)) return onNotice({ tone: 'error', text: beyondWindowMessage(allowed!, minutes, timeZone) });
      const target = instantAt(allowed!, minutes);
      if (target === currentMs) return;
      retime.mutate(
        { postId: post.id, scheduledAt: new Date(target).toISOString() },
        {
          onSuccess: () => onNotice({ tone: 'success', text: `Moved: it publishes at ${clock(target)} (${timeZone}).` }),
          onError: (error) => onNotice({ tone: 'error', text: error.message }),
        },
      );
    },
  });

  // The edit stays pending until the calendar has read the moved post again (useRetime waits for it): till then the card shows where it goes.
  const moving = retime.isPending;
  let preview: DragPreview | null = null;
  if (allowed && drag.dy !== null) {
    const minutes = offsetAt(drag.dy);
    const target = instantAt(allowed, minutes);
    preview = {
      dy: pxOf(target - currentMs),
      time: clock(target),
      beyond: !insideWindow(allowed, minutes),
      bandTop: pxOf(allowed.earliestMs - currentMs),
      bandBottom: pxOf(allowed.latestMs - currentMs),
      earliest: clock(allowed.earliestMs),
      latest: clock(allowed.latestMs),
    };
  }
  return { enabled: allowed !== null, preview, moving, movingTime: moving && retime.variables ? clock(Date.parse(retime.variables.scheduledAt)) : null, dragProps: drag.dragProps, justDragged: drag.justDragged };
}

/** The allowed window drawn around the dragged post, its edges named. */
export function DraggedWindow({ preview }: { preview: DragPreview }) {
  return (
    <div className="cal-window" aria-hidden="true" style={{ top: preview.bandTop, bottom: -preview.bandBottom }}>
      <span className="cal-window-edge start">{preview.earliest}</span>
      <span className="cal-window-edge end">{preview.latest}</span>
    </div>
  );
}
