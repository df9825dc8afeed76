import type { ReactNode } from 'react';
import { Dialog as AriaDialog, DialogTrigger, Heading, Modal, ModalOverlay } from 'react-aria-components';
import './dialog.css';

export { DialogTrigger };

interface DialogProps {
  /** The dialog's heading; it also names the dialog for screen readers. */
  title: ReactNode;
  /** The content, or a function given `close` (the dialog's own way out, e.g. for Cancel). */
  children: ReactNode | ((options: { close: () => void }) => ReactNode);
  /** 'wide' for dialogs with several fields side by side (an editor). */
  size?: 'normal' | 'wide';
  /** Opened by the screen rather than by a DialogTrigger. */
  isOpen?: boolean;
  onOpenChange?: (open: boolean) => void;
}

/**
 * A modal dialog: focus moves in and stays inside, Escape or a click outside closes it, focus
 * returns to what opened it, the page behind is inert and does not scroll. Put it in a
 * DialogTrigger after its button, or open it with isOpen.
 */
export function Dialog({ title, children, size = 'normal', isOpen, onOpenChange }: DialogProps) {
  return (
    <ModalOverlay className="modal-overlay" isDismissable isOpen={isOpen} onOpenChange={onOpenChange}>
      <Modal className={size === 'wide' ? 'modal ui-modal wide' : 'modal ui-modal'}>
        <AriaDialog className="dialog ui-dialog">
          {({ close }) => (
            <>
              <Heading slot="title" className="dialog-title">
                {title}
              </Heading>
              {typeof children === 'function' ? children({ close }) : children}
            </>
          )}
        </AriaDialog>
      </Modal>
    </ModalOverlay>
  );
}
