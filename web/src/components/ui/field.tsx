import { FieldError, Input, Label, Text, TextField, type TextFieldProps } from 'react-aria-components';

/** A labelled text input; the description and the browser's own validation message sit under it. */
export function Field({ label, description, ...props }: TextFieldProps & { label: string; description?: string }) {
  return (
    <TextField className="field" {...props}>
      <Label>{label}</Label>
      <Input />
      {description && <Text slot="description">{description}</Text>}
      <FieldError />
    </TextField>
  );
}
