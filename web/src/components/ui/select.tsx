import { Button, Label, ListBox, ListBoxItem, Popover, Select as AriaSelect, SelectValue } from 'react-aria-components';

export interface Option {
  id: string;
  label: string;
}

/** A labelled drop-down (a listbox with keyboard and screen-reader support); null shows the placeholder. */
export function Select({
  label,
  options,
  value,
  onChange,
  isDisabled,
  placeholder,
}: {
  label: string;
  options: Option[];
  value: string | null;
  onChange: (id: string) => void;
  isDisabled?: boolean;
  placeholder?: string;
}) {
  return (
    <AriaSelect className="select" value={value} onChange={(key) => key !== null && onChange(String(key))} isDisabled={isDisabled} placeholder={placeholder}>
      <Label>{label}</Label>
      <Button className="select-button">
        <SelectValue />
        <span aria-hidden="true">▾</span>
      </Button>
      <Popover className="popover">
        <ListBox className="listbox" items={options}>
          {(option) => (
            <ListBoxItem className="option" id={option.id}>
              {option.label}
            </ListBoxItem>
          )}
        </ListBox>
      </Popover>
    </AriaSelect>
  );
}
