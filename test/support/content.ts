import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { createActivities } from '../../activities/index.js';
import { loadAiConfig } from '../../config/ai.js';
import type { Platform } from '../../core/platforms.js';
import { brandProfiles, posts, postTargets } from '../../db/schema/index.js';
import { OrgId, PostId, Stage, UserId } from '../../temporal-config/search-attributes.js';
import { workflowIds } from '../../temporal-config/workflow-ids.js';
import type { CycleInput } from '../../workflows/cycle.js';
import type { PostWorkflowInput } from '../../workflows/post.js';
import type { TestStack, TestUser } from './stack.js';

/** The real activities with no AI provider configured: the offline writer writes every post. */
export function offlineActivities(stack: TestStack) {
  return createActivities({ db: stack.database.db, ai: loadAiConfig({}) });
}

export async function createBrandProfile(stack: Pick<TestStack, 'database'>, user: Pick<TestUser, 'orgId' | 'userId'>, overrides: Partial<typeof brandProfiles.$inferInsert> = {}) {
  const [profile] = await stack.database.db
    .insert(brandProfiles)
    .values({
      orgId: user.orgId,
      userId: user.userId,
      businessName: 'Rosa Bakery',
      industry: 'bakery',
      audience: 'families in the neighbourhood',
      brandVoice: 'warm, plain-spoken, a little playful',
      goals: ['more weekend orders'],
      platforms: ['linkedin', 'facebook', 'x'],
      timeZone: 'Europe/Berlin',
      onboardedAt: new Date(),
      ...overrides,
    })
    .returning();
  return profile!;
}

/** A post with written content, as the daily run leaves it just before asking for approval. */
export async function createWrittenPost(stack: TestStack, user: Pick<TestUser, 'orgId' | 'userId'>, publishAt: Date, platforms: Platform[] = ['linkedin', 'x']) {
  const db = stack.database.db;
  const [post] = await db
    .insert(posts)
    .values({
      orgId: user.orgId,
      userId: user.userId,
      scheduledAt: publishAt,
      slotKey: `test:${randomUUID()}`,
      brief: { topic: 'Sourdough Saturday', brief: 'Announce the Saturday sourdough bake and invite pre-orders.', contentType: 'announcement' },
    })
    .returning();
  await db.insert(postTargets).values(platforms.map((platform) => ({ postId: post!.id, orgId: user.orgId, platform })));
  const activities = offlineActivities(stack);
  const written = await activities.writeContentForPost({ postId: post!.id });
  await activities.applyGeneratedContent({ postId: post!.id, outputId: written.outputId, kind: 'generated', actor: 'herald' });
  return post!.id;
}

/** A user's daily cycle as onboarding starts it, without the weekly plan unless asked; `state` overrides what it carries. */
export async function startCycle(stack: TestStack, user: Pick<TestUser, 'orgId' | 'userId'>, state: Partial<CycleInput> = {}) {
  return stack.temporal.workflow.start('cycleWorkflow', {
    workflowId: workflowIds.cycle(user.orgId, user.userId),
    taskQueue: stack.queues.main,
    args: [{ orgId: user.orgId, userId: user.userId, weeklyPlanning: false, ...state } satisfies CycleInput],
    typedSearchAttributes: [
      { key: OrgId, value: user.orgId },
      { key: UserId, value: user.userId },
    ],
  });
}

export async function startPostWorkflow(stack: TestStack, input: Omit<PostWorkflowInput, 'leadMinutes' | 'requireSecondApprover' | 'reminderMinutes'> & Partial<PostWorkflowInput>) {
  return stack.temporal.workflow.start('postWorkflow', {
    workflowId: workflowIds.post(input.postId),
    taskQueue: stack.queues.main,
    args: [{ leadMinutes: 0, requireSecondApprover: false, reminderMinutes: [], ...input } satisfies PostWorkflowInput],
    typedSearchAttributes: [
      { key: OrgId, value: input.orgId },
      { key: PostId, value: input.postId },
      { key: Stage, value: 'awaiting_approval' },
    ],
  });
}

export async function postRow(stack: TestStack, postId: string) {
  const [row] = await stack.database.db.select().from(posts).where(eq(posts.id, postId));
  return row!;
}
