import { useState } from 'react';
import { Label, Slider, SliderOutput, SliderThumb, SliderTrack } from 'react-aria-components';
import { Alert } from '../../../components/ui/alert.js';
import { Button } from '../../../components/ui/button.js';
import { minutesFromWallClock, wallClockOf } from '../../../lib/local-dates.js';
import { useRetime, type PlacedPost } from '../api/calendar.js';
import { beyondWindowMessage, instantAt, RETIME_STEP_MINUTES, retimeWindowOf, windowInWords } from '../retime-window.js';

/**
 * Moves an approved post within its window, from the post's dialog: the keyboard's way (and a
 * phone's) to do what dragging the post on the week does. Slide the post along the window (or use
 * the arrow keys on it), or type a time. A time outside the window is refused here, before asking.
 */
export function Retime({ orgId, post, window, timeZone }: { orgId: string; post: PlacedPost; window: { earliest: string; latest: string }; timeZone: string }) {
  const retime = useRetime(orgId);
  const w = retimeWindowOf(window);
  const { approvedMs, earliestMs, latestMs, span } = w;
  const clock = (ms: number) => wallClockOf(ms, timeZone).time;
  const [time, setTime] = useState(post.time);
  const offset = /^\d{2}:\d{2}$/.test(time) ? minutesFromWallClock(new Date(approvedMs).toISOString(), time, timeZone) : undefined;
  const inside = offset !== undefined && Math.abs(offset) <= span;
  const target = offset === undefined ? undefined : instantAt(w, offset);
  const unchanged = target === Date.parse(post.scheduledAt);
  const between = windowInWords(w, timeZone);

  return (
    <form
      className="retime stack"
      onSubmit={(e) => {
        e.preventDefault();
        if (inside && target !== undefined) retime.mutate({ postId: post.id, scheduledAt: new Date(target).toISOString() });
      }}
    >
      <h3>Move the time</h3>
      <p className="muted">
        Approved at {clock(approvedMs)}: the content is locked, the time may still move {span} minutes either way, {between}.
      </p>
      <Slider
        className="retime-slider"
        minValue={-span}
        maxValue={span}
        step={RETIME_STEP_MINUTES}
        value={inside ? offset : offset !== undefined ? Math.sign(offset) * span : 0}
        onChange={(v) => setTime(clock(instantAt(w, v)))}
        formatOptions={{ style: 'unit', unit: 'minute', signDisplay: 'exceptZero' }}
      >
        <div className="retime-slider-head">
          <Label>Drag the post within its window</Label>
          <SliderOutput>{() => (inside ? time : '')}</SliderOutput>
        </div>
        <SliderTrack className="retime-track">
          <span className="retime-edge start">{clock(earliestMs)}</span>
          <SliderThumb className="retime-thumb" aria-label="Publish time" />
          <span className="retime-edge end">{clock(latestMs)}</span>
        </SliderTrack>
      </Slider>
      <label className="field">
        <span>Or type the new time ({timeZone})</span>
        <input type="time" value={time} onChange={(e) => setTime(e.target.value)} required />
      </label>
      {offset !== undefined && !inside && (
        <Alert>{beyondWindowMessage(w, offset, timeZone)}</Alert>
      )}
      {retime.error && <Alert>{retime.error.message}</Alert>}
      {retime.isSuccess && unchanged && <Alert tone="success">Moved: it publishes at {post.time} ({timeZone}).</Alert>}
      <div className="actions">
        <Button type="submit" isDisabled={!inside || unchanged} isPending={retime.isPending}>
          {inside && !unchanged ? `Move to ${time}` : 'Move'}
        </Button>
      </div>
    </form>
  );
}
