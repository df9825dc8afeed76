import { randomUUID } from 'node:crypto';
import { and, inArray, like, not, sql } from 'drizzle-orm';
import type { Platform } from '../../core/platforms.js';
import { cycleRuns, outboxEmails, posts, postTargets } from '../../db/schema/index.js';
import { dailyRunId, workflowIds } from '../../temporal-config/workflow-ids.js';
import type { DailyRunInput } from '../../workflows/daily-run.js';
import type { PublishTargetInput } from '../../workflows/publish.js';
import type { DrillOrg, DrillStack } from './stack.js';

/**
 * What a drill asks of Herald while the fault is on: daily cycles (research, plan, write, ask for
 * approval, mail a digest) and publishes of approved posts; and how the end state is read back
 * from the database and the emulators' logs.
 */

export interface Workload {
  orgIds: string[];
  cycles: string[];
  publishes: { targetId: string; key: string; platform: Platform }[];
}

const SEEDED = 'drill-publish:';
const today = () => new Date().toISOString().slice(0, 10);

/** One scheduled daily run per org, started at once. */
export async function startCycles(stack: DrillStack, orgs: DrillOrg[]): Promise<string[]> {
  const localDate = today();
  return Promise.all(
    orgs.map(async (org) => {
      const workflowId = dailyRunId(org.orgId, org.userId, localDate);
      const input: DailyRunInput = { orgId: org.orgId, userId: org.userId, localDate, kind: 'scheduled' };
      await stack.temporal.workflow.start('dailyRunWorkflow', { workflowId, taskQueue: stack.queues.main, args: [input] });
      return workflowId;
    }),
  );
}

/** `count` approved posts with one target each (the org's platforms in turn), their publishes started. */
export async function startPublishes(stack: DrillStack, org: DrillOrg, count: number, label: string): Promise<Workload['publishes']> {
  const platforms = Object.keys(org.accounts) as Platform[];
  const started: Workload['publishes'] = [];
  for (let i = 0; i < count; i++) {
    const platform = platforms[i % platforms.length]!;
    const key = `${label} ${i} ${randomUUID().slice(0, 8)}`;
    const [post] = await stack.database.db
      .insert(posts)
      .values({ orgId: org.orgId, userId: org.userId, scheduledAt: new Date(), stage: 'publishing', slotKey: `${SEEDED}${randomUUID()}` })
      .returning({ id: posts.id });
    const [target] = await stack.database.db
      .insert(postTargets)
      .values({ postId: post!.id, orgId: org.orgId, platform, socialAccountId: org.accounts[platform]!, stage: 'approved', text: `${key}: fresh loaves at seven`, hashtags: ['bakery'] })
      .returning({ id: postTargets.id });
    const input: PublishTargetInput = { targetId: target!.id, postId: post!.id, orgId: org.orgId };
    await stack.temporal.workflow.start('publishTargetWorkflow', { workflowId: workflowIds.publish(target!.id), taskQueue: stack.queues.main, args: [input] });
    started.push({ targetId: target!.id, key, platform });
  }
  return started;
}

export interface Tally {
  postsExpected: number;
  published: number;
  duplicates: number;
  lost: number;
  cyclesExpected: number;
  cyclesCompleted: number;
  /** Posts the cycles wrote, and how many of them wait for approval (a post workflow runs for each). */
  cyclePosts: number;
  cyclePostsAwaiting: number;
  emailsExpected: number;
  emailsSentOnce: number;
  emailDuplicates: number;
  /** Why each lost item is lost, in words. */
  losses: string[];
}

const TERMINAL_TARGET = ['published', 'failed', 'unconfirmed', 'skipped', 'expired'];

async function readTally(stack: DrillStack, work: Workload): Promise<Tally & { settled: boolean }> {
  const db = stack.database.db;
  const losses: string[] = [];
  const targets = work.publishes.length
    ? await db.select({ id: postTargets.id, stage: postTargets.stage, error: postTargets.errorMessage }).from(postTargets).where(inArray(postTargets.id, work.publishes.map((p) => p.targetId)))
    : [];
  const stageOf = new Map(targets.map((t) => [t.id, t]));
  let published = 0;
  let duplicates = 0;
  for (const p of work.publishes) {
    const copies = stack.platforms.state.posts.filter((post) => post.platform === p.platform && post.text.startsWith(p.key)).length;
    duplicates += Math.max(0, copies - 1);
    const row = stageOf.get(p.targetId);
    if (copies > 0 && row?.stage === 'published') published += 1;
    else losses.push(`post "${p.key}" on ${p.platform}: ${copies} on the platform, stage ${row?.stage}${row?.error ? ` (${row.error})` : ''}`);
  }
  const runs = await db.select({ workflowId: cycleRuns.workflowId, status: cycleRuns.status }).from(cycleRuns).where(inArray(cycleRuns.workflowId, work.cycles));
  const cyclesCompleted = runs.filter((r) => r.status === 'completed').length;
  for (const id of work.cycles) if (!runs.some((r) => r.workflowId === id && r.status === 'completed')) losses.push(`cycle ${id}: ${runs.find((r) => r.workflowId === id)?.status ?? 'never started'}`);
  const cyclePostRows = await db
    .select({ id: posts.id, stage: posts.stage })
    .from(posts)
    .where(and(inArray(posts.orgId, work.orgIds), not(like(posts.slotKey, `${SEEDED}%`))));
  const cyclePostsAwaiting = cyclePostRows.filter((p) => p.stage === 'awaiting_approval').length;
  for (const p of cyclePostRows) if (p.stage !== 'awaiting_approval') losses.push(`cycle post ${p.id}: stage ${p.stage}`);

  const mails = await db.select().from(outboxEmails).where(inArray(outboxEmails.orgId, work.orgIds));
  const accepted = stack.resend.state.emails;
  let emailsSentOnce = 0;
  let emailDuplicates = 0;
  for (const mail of mails) {
    const copies = accepted.filter((e) => e.to.includes(mail.toAddress) && e.subject === mail.subject).length;
    emailDuplicates += Math.max(0, copies - 1);
    if (copies >= 1 && mail.status === 'sent') emailsSentOnce += copies === 1 ? 1 : 0;
    else losses.push(`e-mail "${mail.subject}" to ${mail.toAddress}: ${copies} accepted by the provider, status ${mail.status}${mail.lastError ? ` (${mail.lastError})` : ''}`);
  }
  const targetsSettled = targets.length === work.publishes.length && targets.every((t) => TERMINAL_TARGET.includes(t.stage));
  const cyclesSettled = runs.length === work.cycles.length && runs.every((r) => r.status !== 'running');
  const mailsSettled = mails.every((m) => ['sent', 'failed', 'dropped'].includes(m.status));
  // Every cycle mails its digest: until each org has its mail, the cycles are not done.
  const digests = new Set(mails.filter((m) => m.kind === 'approval_digest').map((m) => m.orgId));
  const digestsWritten = work.cycles.length === 0 || work.orgIds.every((id) => digests.has(id));
  return {
    postsExpected: work.publishes.length,
    published,
    duplicates: duplicates + emailDuplicates,
    lost: losses.length,
    cyclesExpected: work.cycles.length,
    cyclesCompleted,
    cyclePosts: cyclePostRows.length,
    cyclePostsAwaiting,
    emailsExpected: mails.length,
    emailsSentOnce,
    emailDuplicates,
    losses,
    settled: targetsSettled && cyclesSettled && mailsSettled && digestsWritten,
  };
}

/**
 * Waits (up to `timeoutMs`) until every publish has an outcome, every cycle has finished and every
 * mail has gone out, then counts. Whatever has not arrived by then counts as lost.
 */
export async function settleAndCount(stack: DrillStack, work: Workload, timeoutMs: number): Promise<Tally> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const tally = await readTally(stack, work).catch(() => undefined);
    if (tally && (tally.settled || Date.now() > deadline)) {
      const { settled: _settled, ...counts } = tally;
      return counts;
    }
    if (!tally && Date.now() > deadline) throw new Error('the database did not answer while counting the outcome');
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

/** A number that grows whenever Herald gets something done: posts on platforms, mails, rows. */
export async function progressMark(stack: DrillStack, work: Workload): Promise<number> {
  const [row] = await stack.database.db
    .select({ n: sql<number>`count(*)::int` })
    .from(posts)
    .where(inArray(posts.orgId, work.orgIds));
  const [runs] = await stack.database.db.select({ n: sql<number>`count(*) filter (where ${cycleRuns.status} = 'completed')::int` }).from(cycleRuns).where(inArray(cycleRuns.orgId, work.orgIds));
  return stack.platforms.state.posts.length + stack.resend.state.requests + (row?.n ?? 0) + (runs?.n ?? 0);
}

/** Waits until Herald has done something since `since` (or `maxMs` passed): a fault then lands mid-work. */
export async function waitForProgress(stack: DrillStack, work: Workload, since: number, maxMs: number): Promise<number> {
  const deadline = Date.now() + maxMs;
  for (;;) {
    const mark = await progressMark(stack, work).catch(() => since);
    if (mark > since || Date.now() > deadline) return mark;
    await new Promise((r) => setTimeout(r, 200));
  }
}
