import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brandProfiles, postTargets } from '../../../db/schema/index.js';
import { workflowIds } from '../../../temporal-config/workflow-ids.js';
import { approveUpdate } from '../../../workflows/post.js';
import { postRow, startPostWorkflow } from '../../support/content.js';
import { waitFor } from '../../support/processes.js';
import { createTestUser } from '../../support/stack.js';
import { saveHistoryFixture } from '../../support/replay.js';
import { createTarget, startPublishingStack, type PublishingStack } from '../../support/publishing.js';

let s: PublishingStack;
beforeAll(async () => {
  s = await startPublishingStack();
  await s.stack.database.db.insert(brandProfiles).values({
    orgId: s.platforms.orgId,
    userId: s.platforms.userId,
    businessName: 'Rosa Bakery',
    industry: 'bakery',
    audience: 'families',
    brandVoice: 'warm',
    platforms: ['linkedin'],
    timeZone: 'Europe/Berlin',
  });
});
afterAll(() => s?.stop());

describe('from approval to the platform', () => {
  it('an approved post is published once at its time, then monitored', async () => {
    const account = await s.platforms.connect('linkedin', 'approve-to-publish');
    const { postId, targetId, orgId } = await createTarget(s, 'linkedin', account);
    // Approval closes at publish time (lead 0): leave room for the workflow's first steps and the
    // approval on a loaded machine, or the approval is refused as past its deadline.
    const publishAt = new Date(Date.now() + 25_000);
    const post = await startPostWorkflow(s.stack, { postId, orgId, publishAt: publishAt.toISOString() });
    await waitFor(async () => ((await postRow(s.stack, postId)).stage === 'awaiting_approval' ? true : undefined), 20_000, 'awaiting approval');
    await post.executeUpdate(approveUpdate, { args: [{ actorId: s.platforms.userId }] });

    const [target] = await waitFor(async () => {
      const rows = await s.stack.database.db.select().from(postTargets).where(eq(postTargets.id, targetId));
      return rows[0]?.stage === 'published' ? rows : undefined;
    }, 90_000, 'published');
    expect(target!.publishedAt!.getTime()).toBeGreaterThanOrEqual(publishAt.getTime());
    expect(target!.platformPostUrl).toBeTruthy();
    const onPlatform = (await s.platforms.posts('linkedin')).filter((p) => p.text.includes(target!.text.slice(0, 20)));
    expect(onPlatform).toHaveLength(1);
    await waitFor(async () => ((await postRow(s.stack, postId)).stage === 'published' ? true : undefined), 20_000, 'post summary');
    // Sandbox accounts' posts are labelled as such.
    const member = await createTestUser(s.stack, { orgId, role: 'viewer' });
    const shown = await (await member.request(`/api/v1/orgs/${orgId}/posts/${postId}`)).json();
    expect(shown.targets[0]).toMatchObject({ platform: 'linkedin', sandbox: true, stage: 'published' });
    // The publish run starts monitoring after it has recorded the outcome (the rows above): wait for
    // the run to finish, which it does only once the monitor is started.
    expect(await s.stack.temporal.workflow.getHandle(workflowIds.publish(targetId)).result()).toMatchObject({ outcome: 'published' });
    const monitor = await s.stack.temporal.workflow.getHandle(workflowIds.monitor(targetId)).describe();
    expect(monitor.status.name).toBe('RUNNING');
    await s.stack.temporal.workflow.getHandle(workflowIds.monitor(targetId)).terminate('test over');
    saveHistoryFixture('post-approved-published', post.workflowId);
  }, 180_000);
});
