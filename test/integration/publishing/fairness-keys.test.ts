import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postTargets } from '../../../db/schema/index.js';
import { PRIORITY } from '../../../temporal-config/priorities.js';
import { workflowIds } from '../../../temporal-config/workflow-ids.js';
import { waitFor } from '../../support/processes.js';
import { startPublishingStack, type PublishingStack } from '../../support/publishing.js';
import { createTestUser, type TestUser } from '../../support/stack.js';

/**
 * Temporal serves tasks fairly between fairness keys; Herald's key is the org. What the server
 * recorded in each workflow's history is what it dispatches by, so that is what is read here.
 */
let s: PublishingStack;
let owner: TestUser;
let orgId: string;

beforeAll(async () => {
  s = await startPublishingStack();
  orgId = s.platforms.orgId;
  owner = await createTestUser(s.stack, { orgId, role: 'owner', name: 'Rosa' });
  await s.platforms.connect('linkedin', 'rosa-bakery');
}, 120_000);
afterAll(async () => {
  await s?.stop();
});

async function historyOf(workflowId: string) {
  const history = await s.stack.temporal.workflow.getHandle(workflowId).fetchHistory();
  return history.events ?? [];
}

describe('task-queue fairness', () => {
  it("a post published now carries its org's fairness key on its workflow, its publish workflow and the publish request itself", async () => {
    const res = await owner.request(`/api/v1/orgs/${orgId}/posts`, {
      method: 'POST',
      json: { platforms: ['linkedin'], text: 'Rye sourdough is out of the oven: first ten loaves come with butter.', hashtags: ['bakery'], publishNow: true },
    });
    expect(res.status).toBe(201);
    const { postId } = (await res.json()) as { postId: string };
    const target = await waitFor(async () => {
      const [row] = await s.stack.database.db.select().from(postTargets).where(eq(postTargets.postId, postId));
      return row?.stage === 'published' ? row : undefined;
    }, 150_000, 'the LinkedIn target published');

    const postStarted = (await historyOf(workflowIds.post(postId)))[0]?.workflowExecutionStartedEventAttributes;
    expect(postStarted?.priority).toMatchObject({ priorityKey: PRIORITY.publishing, fairnessKey: orgId });

    const publishHistory = await historyOf(workflowIds.publish(target.id));
    expect(publishHistory[0]?.workflowExecutionStartedEventAttributes?.priority).toMatchObject({ priorityKey: PRIORITY.publishing, fairnessKey: orgId });
    const onLinkedInQueue = publishHistory
      .map((e) => e.activityTaskScheduledEventAttributes)
      .filter((a) => a?.taskQueue?.name?.endsWith('-publish-linkedin'));
    expect(onLinkedInQueue.map((a) => a?.activityType?.name)).toContain('sendToPlatform');
    for (const scheduled of onLinkedInQueue) expect(scheduled?.priority).toMatchObject({ priorityKey: PRIORITY.publishing, fairnessKey: orgId });
  });
});
