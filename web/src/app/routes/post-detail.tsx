import { useParams } from 'react-router';
import { Alert } from '../../components/ui/alert.js';
import { Page } from '../../components/ui/page.js';
import { useActiveOrg, useMe } from '../../features/orgs/api/me.js';
import { PostDetailView } from '../../features/post-detail/components/post-detail-view.js';

/** /posts/:postId: revisions, approvals, publish status with live links, checkpoint metrics. */
export function PostDetailRoute() {
  const { postId = '' } = useParams();
  const me = useMe();
  const org = useActiveOrg();
  if (me.error) return <Page title="Post"><Alert>{me.error.message}</Alert></Page>;
  if (!me.data) return <Page title="Post"><p role="status">Loading…</p></Page>;
  if (!org) return <Page title="Post"><p>You are not in any organization yet. Ask a colleague for an invitation.</p></Page>;
  return (
    <Page title="Post" lead={`${org.name} · times in ${me.data.user.timeZone}`}>
      <PostDetailView key={`${org.id}:${postId}`} orgId={org.id} postId={postId} timeZone={me.data.user.timeZone} me={me.data.user.id} />
    </Page>
  );
}
