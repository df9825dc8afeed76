import { useRef, useState } from 'react';
import { Link } from 'react-router';
import { Button } from '../../../components/ui/button.js';
import { Dialog, DialogTrigger } from '../../../components/ui/dialog.js';
import { dayLabel } from '../../../lib/local-dates.js';
import { platformName } from '../../../lib/platforms.js';
import type { PlacedPost } from '../api/calendar.js';
import { stageLabel } from '../stages.js';
import { Retime } from './retime.js';
import { DraggedWindow, useWindowDrag, type Notice } from './window-drag.js';

/** The release that ends a drag is a press too; it must not also open the post. Keys always do. */
const isPointer = (pointerType: string) => pointerType === 'mouse' || pointerType === 'pen';

const platformsOf = (post: PlacedPost) => post.targets.map((t) => platformName(t.platform)).join(', ') || 'No platform';

interface Props {
  orgId: string;
  post: PlacedPost;
  timeZone: string;
  compact?: boolean;
  /** Says how a drop went (moved, or refused and why). */
  onNotice?: (notice: Notice) => void;
}

/**
 * A post on the calendar: its time, platforms and status in words and colour; pressing it opens it.
 * On the week an approved post can also be dragged up or down within its +-30 minute window.
 */
export function PostChip({ orgId, post, timeZone, compact, onNotice = () => undefined }: Props) {
  const what = `${platformsOf(post)} post, ${dayLabel(post.day)} ${post.time} (${timeZone})`;
  const [open, setOpen] = useState(false);
  const pressedBy = useRef('');
  const drag = useWindowDrag({ orgId, post, timeZone, enabled: !compact, onNotice });
  const shownTime = drag.preview?.time ?? drag.movingTime ?? post.time;
  const classes = `cal-chip stage-${post.stage}${compact ? ' compact' : ''}${drag.preview ? ' dragging' : ''}${drag.preview?.beyond ? ' beyond' : ''}${drag.enabled ? ' movable' : ''}`;

  return (
    <div className="cal-chip-slot" {...drag.dragProps}>
      {drag.preview && <DraggedWindow preview={drag.preview} />}
      <DialogTrigger isOpen={open} onOpenChange={(next) => setOpen(next && !(isPointer(pressedBy.current) && drag.justDragged()))}>
        <Button variant="link" className={classes} data-testid="cal-chip" onPressStart={(e) => (pressedBy.current = e.pointerType)} style={drag.preview ? { transform: `translateY(${drag.preview.dy}px)` } : undefined} aria-busy={drag.moving || undefined}>
          <span className="chip-time">{shownTime}</span>
          <span className="cal-sr"> {timeZone}, {dayLabel(post.day)}:</span>
          <span className={compact ? 'cal-sr' : 'chip-platforms'}> {platformsOf(post)}</span>
          <span className="chip-stage"> {stageLabel(post.stage)}</span>
        </Button>
        <Dialog title={what}>
          {({ close }) => (
            <>
              <p>
                <span className={`swatch stage-${post.stage}`} aria-hidden="true" /> {stageLabel(post.stage)}
              </p>
              {post.retimeWindow ? (
                <Retime orgId={orgId} post={post} window={post.retimeWindow} timeZone={timeZone} />
              ) : post.stage === 'awaiting_approval' ? (
                <p>
                  Approve, edit or reject it on <Link to="/">Today</Link>; once approved it can still move 30 minutes either way.
                </p>
              ) : null}
              <div className="actions">
                <Link to={`/posts/${post.id}`}>Open the post</Link>
                <Button variant="secondary" onPress={close}>
                  Close
                </Button>
              </div>
            </>
          )}
        </Dialog>
      </DialogTrigger>
    </div>
  );
}
