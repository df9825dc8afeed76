import { Alert } from '../../../components/ui/alert.js';
import { usePredictions } from '../api/strategy.js';
import { dayLabel } from '../../../lib/local-dates.js';
import { percent } from '../format.js';

/** How well past predictions held: per week, predicted against actual engagement and the accuracy target. */
export function PredictionRecord({ orgId }: { orgId: string }) {
  const predictions = usePredictions(orgId);
  return (
    <section aria-labelledby="predictions-heading">
      <h2 id="predictions-heading">How past predictions held up</h2>
      {predictions.isPending ? (
        <p role="status">Loading past predictions…</p>
      ) : predictions.error ? (
        <Alert>{predictions.error.message}</Alert>
      ) : predictions.data.weeks.length === 0 ? (
        <p className="empty">No measured weeks yet: accuracy appears once posts of a planned week have their metrics.</p>
      ) : (
        <div className="table-scroll">
          <table className="predictions">
            <thead>
              <tr>
                <th scope="col">Week of</th>
                <th scope="col">Posts</th>
                <th scope="col">Predicted</th>
                <th scope="col">Actual</th>
                <th scope="col">Accuracy</th>
              </tr>
            </thead>
            <tbody>
              {predictions.data.weeks.map((w) => (
                <tr key={w.week}>
                  <td>{dayLabel(w.week)}</td>
                  <td>{w.posts}</td>
                  <td>{percent(w.meanPredicted)}</td>
                  <td>{percent(w.meanActual)}</td>
                  <td>
                    {percent(w.accuracy, 0)} {w.met ? '(target met)' : `(below the ${percent(w.target, 0)} target)`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
