import { Label, Radio, RadioGroup } from 'react-aria-components';
import { DateField, TimeInput } from '../../../components/ui/date-picker.js';

export type Timing = { mode: 'now' } | { mode: 'later'; date: string; time: string };

/** Publish now, or at a day and time in the user's zone (named beside the fields). */
export function PublishTiming({ value, onChange, timeZone }: { value: Timing; onChange: (timing: Timing) => void; timeZone: string }) {
  const later = value.mode === 'later' ? value : { mode: 'later' as const, date: '', time: '09:00' };
  return (
    <div className="publish-timing">
      <RadioGroup className="radio-group" value={value.mode} onChange={(mode) => onChange(mode === 'now' ? { mode: 'now' } : later)}>
        <Label>When</Label>
        <Radio className="radio" value="now">
          Publish now
        </Radio>
        <Radio className="radio" value="later">
          Schedule
        </Radio>
      </RadioGroup>
      {value.mode === 'later' && (
        <div className="when-fields">
          <DateField label="Date" value={value.date} onChange={(date) => onChange({ ...value, date })} timeZone={timeZone} minValue="today" isRequired description={`A day in ${timeZone}`} />
          <TimeInput label={`Time (${timeZone})`} value={value.time} onChange={(time) => onChange({ ...value, time })} isRequired />
        </div>
      )}
    </div>
  );
}
