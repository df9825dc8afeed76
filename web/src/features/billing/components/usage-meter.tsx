import { Label, Meter } from 'react-aria-components';

/** Share of a limit from which the bar warns. */
export const NEAR_LIMIT = 0.8;

/** One usage line against its limit: a bar that warns near the limit and says so in words past it. */
export function UsageMeter({ label, used, limit, format = String }: { label: string; used: number; limit: number | null; format?: (n: number) => string }) {
  if (limit === null) {
    return (
      <div className="usage unlimited">
        <span className="usage-label">{label}</span>
        <span>{format(used)} used · no limit on this plan</span>
      </div>
    );
  }
  const ratio = limit === 0 ? 1 : used / limit;
  const level = ratio > 1 ? 'over' : ratio >= NEAR_LIMIT ? 'near' : 'ok';
  const words = level === 'over' ? 'over the limit' : level === 'near' ? 'near the limit' : '';
  return (
    <Meter className={`usage ${level}`} value={Math.min(used, limit)} maxValue={limit} valueLabel={`${format(used)} of ${format(limit)}${words ? `, ${words}` : ''}`}>
      {({ percentage, valueText }) => (
        <>
          <div className="usage-head">
            <Label className="usage-label">{label}</Label>
            <span className="usage-value">{valueText}</span>
          </div>
          <div className="bar" aria-hidden="true">
            <div className="fill" style={{ width: `${percentage}%` }} />
          </div>
        </>
      )}
    </Meter>
  );
}
