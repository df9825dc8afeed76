import { parseDate, parseTime, today, type CalendarDate } from '@internationalized/date';
import type { ReactNode } from 'react';
import {
  Button as AriaButton,
  Calendar,
  CalendarCell,
  CalendarGrid,
  DateInput,
  DatePicker,
  DateRangePicker,
  DateSegment,
  Dialog,
  Group,
  Heading,
  Label,
  Popover,
  RangeCalendar,
  Text,
  TimeField,
} from 'react-aria-components';
import './date-picker.css';

/**
 * Date and time fields for days and clock times in the user's zone. Values stay the strings the
 * screens and the API speak (YYYY-MM-DD, HH:MM); '' while a field is not complete. "Today" (the
 * calendar's first focus, the earliest day allowed) is today in the user's zone, not the browser's.
 */
const dateOrNull = (value: string): CalendarDate | null => {
  try {
    return value ? parseDate(value) : null;
  } catch {
    return null;
  }
};

function CalendarHeader() {
  return (
    <header className="dp-calendar-head">
      <AriaButton slot="previous" className="dp-nav" aria-label="Previous month">
        ‹
      </AriaButton>
      <Heading />
      <AriaButton slot="next" className="dp-nav" aria-label="Next month">
        ›
      </AriaButton>
    </header>
  );
}

function PickerShell({ label, description, children, popover }: { label: string; description: string; children: ReactNode; popover: ReactNode }) {
  return (
    <>
      <Label>{label}</Label>
      <Group className="dp-group">
        {children}
        <AriaButton className="dp-open" aria-label="Calendar">
          <span aria-hidden="true">▾</span>
        </AriaButton>
      </Group>
      <Text slot="description">{description}</Text>
      <Popover className="popover dp-popover">
        <Dialog className="dp-dialog">{popover}</Dialog>
      </Popover>
    </>
  );
}

/** The month's days, the same in a one-day and a range calendar. */
const dayGrid = <CalendarGrid className="dp-grid">{(date) => <CalendarCell date={date} className="dp-cell" />}</CalendarGrid>;

export interface DateFieldProps {
  label: string;
  /** YYYY-MM-DD, or '' when no day is chosen. */
  value: string;
  onChange: (value: string) => void;
  timeZone: string;
  description: string;
  /** The earliest day that may be chosen: 'today' means today in `timeZone`. */
  minValue?: 'today';
  isRequired?: boolean;
}

/** One day, typed segment by segment or chosen on a calendar. */
export function DateField({ label, value, onChange, timeZone, description, minValue, isRequired }: DateFieldProps) {
  const todayInZone = today(timeZone);
  return (
    <DatePicker
      className="field dp-field"
      value={dateOrNull(value)}
      onChange={(v) => onChange(v ? v.toString() : '')}
      placeholderValue={todayInZone}
      minValue={minValue === 'today' ? todayInZone : undefined}
      isRequired={isRequired}
      validationBehavior="aria"
    >
      <PickerShell
        label={label}
        description={description}
        popover={
          <Calendar firstDayOfWeek="mon">
            <CalendarHeader />
            {dayGrid}
          </Calendar>
        }
      >
        <DateInput className="dp-input">{(segment) => <DateSegment segment={segment} className="dp-segment" />}</DateInput>
      </PickerShell>
    </DatePicker>
  );
}

export interface DateRangeFieldProps {
  label: string;
  from: string;
  to: string;
  onChange: (from: string, to: string) => void;
  timeZone: string;
  description: string;
  /** Why the range cannot be used, shown by the caller; marks the fields invalid. */
  problem: string | null;
}

/** A first and a last day, both included. */
export function DateRangeField({ label, from, to, onChange, timeZone, description, problem }: DateRangeFieldProps) {
  const start = dateOrNull(from);
  const end = dateOrNull(to);
  return (
    <DateRangePicker
      className="field dp-field dp-range"
      value={start && end ? { start, end } : null}
      onChange={(range) => range && onChange(range.start.toString(), range.end.toString())}
      placeholderValue={today(timeZone)}
      isInvalid={problem !== null}
      validationBehavior="aria"
    >
      <PickerShell
        label={label}
        description={description}
        popover={
          <RangeCalendar firstDayOfWeek="mon">
            <CalendarHeader />
            {dayGrid}
          </RangeCalendar>
        }
      >
        <DateInput slot="start" className="dp-input">
          {(segment) => <DateSegment segment={segment} className="dp-segment" />}
        </DateInput>
        <span aria-hidden="true" className="dp-dash">
          –
        </span>
        <DateInput slot="end" className="dp-input">
          {(segment) => <DateSegment segment={segment} className="dp-segment" />}
        </DateInput>
      </PickerShell>
    </DateRangePicker>
  );
}

const timeOrNull = (value: string) => {
  try {
    return value ? parseTime(value) : null;
  } catch {
    return null;
  }
};

/** A clock time (hours and minutes), e.g. for a publish time; the caller names the zone in `label` or `description`. */
export function TimeInput({ label, value, onChange, description, isRequired }: { label: string; value: string; onChange: (value: string) => void; description?: string; isRequired?: boolean }) {
  return (
    <TimeField className="field dp-field" value={timeOrNull(value)} onChange={(t) => onChange(t ? t.toString().slice(0, 5) : '')} isRequired={isRequired} validationBehavior="aria">
      <Label>{label}</Label>
      <DateInput className="dp-group dp-input">{(segment) => <DateSegment segment={segment} className="dp-segment" />}</DateInput>
      {description && <Text slot="description">{description}</Text>}
    </TimeField>
  );
}
