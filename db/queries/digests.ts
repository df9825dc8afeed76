import { and, eq } from 'drizzle-orm';
import type { Database } from '../client.js';
import { outboxEmails } from '../schema/index.js';

interface DigestData {
  postIds?: string[];
  created?: string[];
  actions?: { posts?: { postId: string }[] };
}

/**
 * The posts an approval digest asked about, found by the id of any recipient's copy of the mail;
 * undefined when the org has no such digest. Digests written before `postIds` was stored list
 * their new posts and the posts they carried links for.
 */
export async function digestPostIds(db: Database, orgId: string, digestId: string): Promise<string[] | undefined> {
  const [mail] = await db
    .select({ data: outboxEmails.data })
    .from(outboxEmails)
    .where(and(eq(outboxEmails.id, digestId), eq(outboxEmails.orgId, orgId), eq(outboxEmails.kind, 'approval_digest')));
  if (!mail) return undefined;
  const data = mail.data as DigestData;
  return [...new Set(data.postIds ?? [...(data.created ?? []), ...(data.actions?.posts ?? []).map((p) => p.postId)])];
}
