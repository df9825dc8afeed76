import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { CHECKPOINTS } from '../../../../../core/monitoring.js';
import { PLATFORM_LIMITS } from '../../../../../core/platform-rules/index.js';
import type { Platform } from '../../../../../core/platforms.js';
import { inZone } from '../../../lib/time.js';
import type { Snapshot } from '../api/post-detail.js';

const percent = (rate: number | null | undefined) => (rate == null ? '–' : `${(rate * 100).toFixed(1)} %`);
const whole = (n: number | null | undefined) => (n == null ? '–' : Math.round(n).toLocaleString());

/** One platform's checkpoints (15m ... 24h): engagements read against what was expected, as a chart and as a table. */
export function CheckpointChart({ platform, snapshots, timeZone }: { platform: string; snapshots: Snapshot[]; timeZone: string }) {
  const label = PLATFORM_LIMITS[platform as Platform]?.label ?? platform;
  const byCheckpoint = new Map(snapshots.map((s) => [s.checkpoint, s]));
  const points = CHECKPOINTS.map((checkpoint) => {
    const s = byCheckpoint.get(checkpoint);
    return { checkpoint, actual: s?.status === 'taken' ? s.engagements : null, expected: s?.expected?.engagements ?? null };
  });
  const headingId = `checkpoints-${platform}`;
  return (
    <figure className="checkpoint-chart" aria-labelledby={headingId} data-testid={`checkpoints-${platform}`}>
      <figcaption id={headingId}>
        <strong>{label}</strong>: engagements at each checkpoint against the expected curve
      </figcaption>
      {points.some((p) => p.actual !== null || p.expected !== null) ? (
      <div className="chart-box">
        <ResponsiveContainer width="100%" height={240}>
          <LineChart data={points} margin={{ top: 8, right: 16, bottom: 4, left: 0 }} accessibilityLayer>
            <CartesianGrid strokeDasharray="3 3" stroke="#d7dbe5" />
            <XAxis dataKey="checkpoint" stroke="#4f586b" />
            <YAxis allowDecimals={false} stroke="#4f586b" width={48} />
            <Tooltip />
            <Legend />
            <Line type="monotone" dataKey="actual" name="Engagements" stroke="#2b59c3" strokeWidth={2} connectNulls isAnimationActive={false} />
            <Line type="monotone" dataKey="expected" name="Expected" stroke="#b4540a" strokeDasharray="6 4" strokeWidth={2} connectNulls isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </div>
      ) : (
        <p className="muted">No figures to chart yet on {label}; the table says why.</p>
      )}
      <div className="table-scroll">
        <table className="checkpoint-table">
          <caption className="visually-hidden">{label} checkpoints</caption>
          <thead>
            <tr>
              <th scope="col">Checkpoint</th>
              <th scope="col">Reach</th>
              <th scope="col">Engagements</th>
              <th scope="col">Expected</th>
              <th scope="col">Rate</th>
            </tr>
          </thead>
          <tbody>
            {CHECKPOINTS.map((checkpoint) => {
              const s = byCheckpoint.get(checkpoint);
              return (
                <tr key={checkpoint}>
                  <th scope="row">{checkpoint}</th>
                  {!s ? (
                    <td colSpan={4} className="muted">
                      not read yet
                    </td>
                  ) : s.status !== 'taken' ? (
                    <td colSpan={4} className="muted">
                      {s.status === 'missed' ? 'missed' : 'unavailable'}: {s.missedReason ?? 'no figures'}
                    </td>
                  ) : (
                    <>
                      <td>{whole(s.reach)}</td>
                      <td>{whole(s.engagements)}</td>
                      <td>{whole(s.expected?.engagements)}</td>
                      <td title={`read ${inZone(s.recordedAt, timeZone)}`}>{percent(s.engagementRate)}</td>
                    </>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
