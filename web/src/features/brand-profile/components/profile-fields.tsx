import { Checkbox, CheckboxGroup, FieldError, Input, Label, Text, TextArea, TextField } from 'react-aria-components';
import type { PlatformId } from '../api/profile.js';
import { browserTimeZone, type DraftField, type DraftProblems, type ProfileDraft } from '../draft.js';
import '../brand-profile.css';

export interface FieldsProps {
  draft: ProfileDraft;
  problems: DraftProblems;
  onChange: (changes: Partial<ProfileDraft>) => void;
}

/** One text answer of the profile, with its example and the problem to fix under it. */
function DraftText({ field, label, example, multiline, draft, problems, onChange, ...props }: FieldsProps & { field: Exclude<DraftField, 'platforms'>; label: string; example: string; multiline?: boolean; isRequired?: boolean; type?: string; inputMode?: 'numeric' }) {
  return (
    <TextField className="field" value={draft[field]} onChange={(value) => onChange({ [field]: value })} isInvalid={Boolean(problems[field])} validationBehavior="aria" {...props}>
      <Label>{label}</Label>
      {multiline ? <TextArea rows={3} /> : <Input />}
      <Text slot="description">{example}</Text>
      <FieldError>{problems[field]}</FieldError>
    </TextField>
  );
}

export function BusinessFields(props: FieldsProps) {
  return (
    <>
      <DraftText {...props} field="businessName" label="Business name" example="As customers know it, e.g. O Co Surf School." isRequired />
      <DraftText {...props} field="industry" label="What your business does" example="A few words, e.g. surf school, family bakery, tax advisor." isRequired />
      <DraftText {...props} field="website" label="Website (optional)" example="Posts can link to it, e.g. https://ocosurf.example." type="url" />
    </>
  );
}

export function VoiceFields(props: FieldsProps) {
  return (
    <>
      <DraftText {...props} field="audience" label="Who you want to reach" example="e.g. tourists and families on holiday in Cornwall." multiline isRequired />
      <DraftText {...props} field="brandVoice" label="How your posts should sound" example="e.g. warm and encouraging; we keep the default if you are unsure." isRequired />
      <DraftText {...props} field="goals" label="Goals (one a line)" example="e.g. lesson bookings, brand awareness." multiline />
      <DraftText {...props} field="contentRestrictions" label="Never say (one a line, optional)" example="Topics or promises Herald must avoid, e.g. never promise perfect waves." multiline />
    </>
  );
}

export function PlatformFields(props: FieldsProps & { options: { id: PlatformId; label: string }[] }) {
  const { draft, problems, onChange, options } = props;
  return (
    <>
      <CheckboxGroup className="platform-choice" value={draft.platforms} onChange={(value) => onChange({ platforms: value as PlatformId[] })} isInvalid={Boolean(problems.platforms)} validationBehavior="aria">
        <Label>Where Herald posts</Label>
        <div className="platform-options">
          {options.map((option) => (
            <Checkbox key={option.id} value={option.id} className="checkbox">
              <span className="box" aria-hidden="true" />
              {option.label}
            </Checkbox>
          ))}
        </div>
        <Text slot="description">Start with the one or two where your customers already are; you can add more later.</Text>
        <FieldError>{problems.platforms}</FieldError>
      </CheckboxGroup>
      <DraftText {...props} field="postsPerDay" label="Posts a day" example="1 to 10 across your platforms; 2 is a good start." inputMode="numeric" isRequired />
    </>
  );
}

export function TimeZoneField(props: FieldsProps) {
  const detected = browserTimeZone();
  return (
    <DraftText
      {...props}
      field="timeZone"
      label="Time zone"
      example={`Detected from this browser: ${detected}. Posts go out, and approvals close, in this zone; change it if your business is elsewhere (e.g. America/New_York).`}
      isRequired
    />
  );
}
