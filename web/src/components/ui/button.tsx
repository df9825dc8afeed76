import { useEffect, useId } from 'react';
import { Button as AriaButton, type ButtonProps } from 'react-aria-components';

type Variant = 'primary' | 'secondary' | 'danger' | 'link';

/**
 * react-aria announces a focused button's pending and done states through its live region, as an
 * element labelled by the button. When the press leads elsewhere (sign-up, a wizard step) the button
 * is gone, and for seconds the live region holds an image labelled by nothing: screen readers read
 * nothing and axe reports an image without alternative text. The announcements go with the button.
 */
function forgetAnnouncements(buttonId: string) {
  // The delayed pass can outlive the page (a test's document torn down after the last render).
  if (typeof document === 'undefined') return;
  document.querySelectorAll('[data-live-announcer] [aria-labelledby]').forEach((node) => {
    if (node.getAttribute('aria-labelledby')!.split(' ').includes(buttonId)) node.remove();
  });
}

export function Button({ variant = 'primary', className, id, ...props }: ButtonProps & { variant?: Variant; className?: string }) {
  const ownId = useId();
  const buttonId = id ?? ownId;
  useEffect(
    () => () => {
      forgetAnnouncements(buttonId);
      // The page's first announcement reaches the live region 100 ms late (react-aria waits for Safari).
      setTimeout(() => forgetAnnouncements(buttonId), 200);
    },
    [buttonId],
  );
  return <AriaButton id={buttonId} className={`button ${variant}${className ? ` ${className}` : ''}`} {...props} />;
}
