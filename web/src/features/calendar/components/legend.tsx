import { STAGE_LABELS } from '../stages.js';

/** What each colour means, in words. */
export function StageLegend() {
  return (
    <ul className="cal-legend" aria-label="Status colours">
      {Object.entries(STAGE_LABELS).map(([stage, label]) => (
        <li key={stage}>
          <span className={`swatch stage-${stage}`} aria-hidden="true" />
          {label}
        </li>
      ))}
    </ul>
  );
}
