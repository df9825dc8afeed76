import { DateRangeField } from '../../../components/ui/date-picker.js';
import { rangeProblem } from '../range.js';

/** The range as one date-range picker; dates are days in the user's zone, which is named. */
export function DateRangeForm({ from, to, timeZone, onChange }: { from: string; to: string; timeZone: string; onChange: (from: string, to: string) => void }) {
  const problem = rangeProblem(from, to);
  return (
    <div className="date-range">
      <DateRangeField label="Date range" from={from} to={to} onChange={onChange} timeZone={timeZone} problem={problem} description={`First and last day (both included), in ${timeZone}`} />
      {problem && (
        <p className="alert error" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}
