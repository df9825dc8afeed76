import { render, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { Button } from '../../web/src/components/ui/button.js';
import { Dialog, DialogTrigger } from '../../web/src/components/ui/dialog.js';

/** The shared dialog: named by its title, focus inside while open, Escape and Cancel close it and focus returns. */
function Example() {
  return (
    <DialogTrigger>
      <Button>Reject…</Button>
      <Dialog title="Reject the X post">
        {({ close }) => (
          <div className="actions">
            <Button variant="secondary" onPress={close}>
              Cancel
            </Button>
            <Button>Reject and replace</Button>
          </div>
        )}
      </Dialog>
    </DialogTrigger>
  );
}

describe('the shared dialog', () => {
  it('is named by its title, keeps focus inside, and gives it back to its button when Escape or Cancel closes it', async () => {
    const user = userEvent.setup();
    render(<Example />);
    const opener = screen.getByRole('button', { name: 'Reject…' });
    await user.click(opener);
    const dialog = await screen.findByRole('dialog', { name: 'Reject the X post' }, { timeout: 15_000 });
    await waitFor(() => expect(dialog.contains(document.activeElement)).toBe(true), { timeout: 15_000 });
    await user.tab();
    await user.tab();
    await user.tab();
    expect(dialog.contains(document.activeElement)).toBe(true);

    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull(), { timeout: 15_000 });
    expect(document.activeElement).toBe(opener);

    await user.click(opener);
    await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull(), { timeout: 15_000 });
    expect(document.activeElement).toBe(opener);
  }, 30_000);
});
