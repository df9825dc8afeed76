import { Button as AriaButton, type ButtonProps } from 'react-aria-components';

type Variant = 'primary' | 'secondary' | 'danger' | 'link';

export function Button({ variant = 'primary', className, ...props }: ButtonProps & { variant?: Variant; className?: string }) {
  return <AriaButton className={`button ${variant}${className ? ` ${className}` : ''}`} {...props} />;
}
