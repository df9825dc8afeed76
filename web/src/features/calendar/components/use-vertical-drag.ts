import { useEffect, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';

/** A press that moves less than this is a press (it opens the post), not a drag. */
const DRAG_THRESHOLD_PX = 4;

/**
 * Drags a card up and down with a mouse or a pen: `dy` is how far it is dragged (null when not),
 * `onDrop` gets the distance at release. Touch is left to scrolling; a phone moves a post from its
 * dialog. The handlers listen before react-aria's press does (capture), so the card stays a button.
 */
export function useVerticalDrag({ enabled, onDrop }: { enabled: boolean; onDrop: (dy: number) => void }) {
  const [dy, setDy] = useState<number | null>(null);
  const dragged = useRef(false);
  const stop = useRef<() => void>(() => undefined);
  const drop = useRef(onDrop);
  drop.current = onDrop;
  useEffect(() => () => stop.current(), []);

  function onPointerDownCapture(e: ReactPointerEvent) {
    if (!enabled || e.button !== 0 || e.pointerType === 'touch') return;
    stop.current();
    dragged.current = false;
    const { pointerId, clientY: startY } = e;
    const move = (ev: PointerEvent) => {
      if (ev.pointerId !== pointerId) return;
      const distance = ev.clientY - startY;
      if (!dragged.current && Math.abs(distance) < DRAG_THRESHOLD_PX) return;
      dragged.current = true;
      setDy(distance);
    };
    const end = (ev: PointerEvent) => {
      if (ev.pointerId !== pointerId) return;
      stop.current();
      setDy(null);
      if (dragged.current && ev.type === 'pointerup') drop.current(ev.clientY - startY);
      // The press that ends a drag must not also open the post; a later press (or key) may.
      setTimeout(() => (dragged.current = false), 300);
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', end);
    window.addEventListener('pointercancel', end);
    stop.current = () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', end);
      window.removeEventListener('pointercancel', end);
      stop.current = () => undefined;
    };
  }

  return { dy, dragProps: enabled ? { onPointerDownCapture } : {}, justDragged: () => dragged.current };
}
