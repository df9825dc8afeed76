import { Link } from 'react-router';
import { Alert } from '../../../components/ui/alert.js';
import { Button } from '../../../components/ui/button.js';
import { useApproveDigest } from '../api/approve-digest.js';
import '../approvals.css';

/** /digests/:digestId, linked from the approval digest e-mail: approve all of its posts in one action. */
export function DigestApproval({ orgId, digestId }: { orgId: string; digestId: string }) {
  const approve = useApproveDigest(orgId, digestId);
  const answer = approve.data;
  return (
    <section aria-labelledby="digest-heading" className="digest-approval">
      <h2 id="digest-heading">Digest {digestId}</h2>
      <p>Approve every post this digest asked about that still waits for approval. Each post answers on its own: one that was decided or expired meanwhile is left as it is.</p>
      {!answer && (
        <Button isDisabled={approve.isPending} onPress={() => approve.mutate()}>
          Approve all in this digest
        </Button>
      )}
      {approve.isPending && <p role="status">Approving… each post is locked as it is approved.</p>}
      {approve.error && <Alert>{approve.error.message}</Alert>}
      {answer && (
        <>
          <Alert tone={answer.counts.approved > 0 ? 'success' : 'info'}>
            Approved {answer.counts.approved} of {answer.results.length} {answer.results.length === 1 ? 'post' : 'posts'}.
          </Alert>
          <ul className="digest-results">
            {answer.results.map((r) => (
              <li key={r.postId}>
                <Link to={`/posts/${r.postId}`}>Post {r.postId.slice(0, 8)}</Link>: {r.message}
              </li>
            ))}
          </ul>
        </>
      )}
      <p>
        <Link to="/">Back to Today</Link>
      </p>
    </section>
  );
}
