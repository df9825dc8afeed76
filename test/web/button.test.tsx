import { act, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { Button } from '../../web/src/components/ui/button.js';

/** A button that goes pending when pressed and can be taken away, as when a form leads to another screen. */
function Saving() {
  const [pending, setPending] = useState(false);
  const [shown, setShown] = useState(true);
  return (
    <>
      {shown && <Button isPending={pending} onPress={() => setPending(true)}>Save</Button>}
      <button type="button" onClick={() => setShown(false)}>Leave</button>
    </>
  );
}

const announcements = () => document.querySelectorAll('[data-live-announcer] [aria-labelledby]');

describe('the shared button', () => {
  it('announces its pending state by its own label, and takes the announcement away when it is gone', async () => {
    render(<Saving />);
    const save = screen.getByRole('button', { name: 'Save' });
    act(() => save.focus());
    act(() => save.click());
    expect(save.getAttribute('aria-disabled')).toBe('true');
    expect(announcements()).toHaveLength(1);
    expect(announcements()[0]!.getAttribute('aria-labelledby')!.split(' ')).toContain(save.id);

    act(() => screen.getByRole('button', { name: 'Leave' }).click());
    expect(screen.queryByRole('button', { name: /Save/ })).toBeNull();
    // Left behind, it would be an image labelled by nothing (axe: role-img-alt).
    expect(announcements()).toHaveLength(0);
  });
});
