import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import {
  ActivityFailure,
  ParentClosePolicy,
  patched,
  startChild,
  ApplicationFailure,
  condition,
  defineQuery,
  defineSignal,
  defineUpdate,
  log,
  proxyActivities,
  proxyLocalActivities,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import {
  approvalDeadline,
  checkLockedEdit,
  copyChanges,
  reminderTimes,
  replacementDeadline,
  replacementModeAt,
  type PostEdit,
} from '../core/approval.js';
import { privacyChoiceProblems, type PrivacyChoice } from '../core/privacy.js';
import type { PostStage } from '../core/stages.js';
import { inheritedFairness, tenantPriority } from '../temporal-config/priorities.js';
import { retryReads } from '../temporal-config/retry-policies.js';
import { OrgId, PostId, Stage, UserId } from '../temporal-config/search-attributes.js';
import { workflowIds } from '../temporal-config/workflow-ids.js';
import { publishTargetWorkflow } from './publish.js';

export interface PostWorkflowInput {
  postId: string;
  orgId: string;
  /** The person who wrote it by hand; AI-made posts have none. */
  authorUserId?: string;
  publishAt: string;
  leadMinutes: number;
  requireSecondApprover: boolean;
  reminderMinutes: number[];
  /** The daily run sends one 08:00 digest instead of a mail per post. */
  notifyOnRequest?: boolean;
  /** The user whose cycle made it, for the UserId search attribute. */
  userId?: string;
}

export interface Actor {
  actorId: string;
  /** The revision the decider saw (e-mail links send it); a newer one is refused, not decided blindly. */
  revision?: number;
}

export interface HistoryEntry {
  at: string;
  action: string;
  actorId?: string;
  revision: number;
  reason?: string;
}

export interface PostState {
  postId: string;
  stage: PostStage;
  revision: number;
  publishAt: string;
  deadline: string;
  locked: boolean;
  contentHash?: string;
  approvals: string[];
  approvalsNeeded: number;
  history: HistoryEntry[];
  outcome?: string;
}

export interface Approval extends Actor {
  /** Who may see the post where the platform asks; TikTok posts need it (core/privacy.ts). */
  privacy?: PrivacyChoice;
}

export const approveUpdate = defineUpdate<PostState, [Approval]>('approve');
export const rejectUpdate = defineUpdate<PostState, [Actor & { reason: string }]>('reject');
export const editUpdate = defineUpdate<PostState, [Actor & { changes: PostEdit }]>('edit');
/** The author sends a returned hand-made post back for approval (edited or not). */
export const resubmitUpdate = defineUpdate<PostState, [Actor]>('resubmit');
/** New media was made for the waiting post (regenerate): approvals given to the old media lapse. */
export const mediaChangedSignal = defineSignal<[Actor & { kind: 'image' | 'video' }]>('mediaChanged');
export const postStateQuery = defineQuery<PostState>('state');

/** Patch id: approve/reject Updates answer after the workflow has acted on the decision. */
const ANSWER_AFTER_DECISION = 'answer-after-decision';
/** Patch id: approval stores the approver's privacy choice and refuses a TikTok post without one. */
const PRIVACY_AT_APPROVAL = 'privacy-at-approval';
/** Patch id: the approver is recorded before the first await, so one person cannot approve twice at once. */
const RESERVE_APPROVER = 'reserve-approver';
/** Patch id: a rejected hand-made post goes back to its author instead of being rewritten by the AI. */
const RETURN_OWN_POST = 'return-own-post';
/** Patch id: an approval is one local activity (privacy, decision row, lock, stage in one transaction), not four activities. */
const APPROVE_IN_ONE_WRITE = 'approve-in-one-write';

const acts = proxyActivities<Activities>({ startToCloseTimeout: '1 minute', retry: retryReads, priority: inheritedFairness('publishing') });
const writer = proxyActivities<Activities>({ startToCloseTimeout: '3 minutes', retry: { ...retryReads, maximumAttempts: 3 }, priority: inheritedFairness('publishing') });
/** Under 15 minutes to publish there is no time for retries: one short call. */
const emergencyWriter = proxyActivities<Activities>({ startToCloseTimeout: '90 seconds', retry: { maximumAttempts: 2, initialInterval: '2s' }, priority: inheritedFairness('emergency') });
/** Short writes of our own database, run by the worker holding the workflow: no task-queue round trip. */
const localWrites = proxyLocalActivities<Activities>({ startToCloseTimeout: '30 seconds', retry: retryReads });

type Decision = { kind: 'approved' } | { kind: 'rejected'; reason: string; actorId: string };

/** One post, from its first approval request to the moment it is handed to publishing. */
export async function postWorkflow(input: PostWorkflowInput): Promise<PostState> {
  const publishAt = () => Date.parse(state.publishAt);
  const state: PostState = {
    postId: input.postId,
    stage: 'awaiting_approval',
    revision: 1,
    publishAt: input.publishAt,
    deadline: new Date(approvalDeadline(Date.parse(input.publishAt), input.leadMinutes)).toISOString(),
    locked: false,
    approvals: [],
    approvalsNeeded: input.requireSecondApprover ? 2 : 1,
    history: [],
  };
  let decision: Decision | undefined;
  /** Who resubmitted a returned hand-made post, until the workflow acts on it. */
  let resubmittedBy: string | undefined;
  let editing = 0;
  /** Approvals being written: the deadline waits for them, since each was admitted before it. */
  let approving = 0;
  /** The approved publish time: locked edits may move the post at most +-30 min from it. */
  let lockedAt = input.publishAt;

  const note = (action: string, extra: Partial<HistoryEntry> = {}) =>
    state.history.push({ at: new Date().toISOString(), action, revision: state.revision, ...extra });

  /** The stage in the workflow's state, its search attribute and its details (the database is the caller's). */
  function showStage(stage: PostStage, reason?: string) {
    state.stage = stage;
    upsertSearchAttributes([{ key: Stage, value: stage }]);
    setCurrentDetails(`Post ${input.postId}: ${stage}${reason ? ` (${reason})` : ''}, publish at ${state.publishAt}`);
  }

  async function moveTo(stage: PostStage, reason?: string) {
    showStage(stage, reason);
    const stored: { revision: number } | undefined = await acts.setPostStage({ postId: input.postId, stage, reason, targetsToo: true });
    // The database's revision counts edits made before the workflow started (e.g. the optimiser's).
    // Runs recorded before setPostStage answered with the revision replay an empty result.
    state.revision = Math.max(state.revision, stored?.revision ?? 0);
  }

  /** `decide`: the mail carries Approve / Reject links signed for each recipient. */
  async function tell(kind: string, subject: string, body: string, decide = false) {
    await acts.notifyOrg({
      orgId: input.orgId,
      audience: 'approvers',
      kind,
      subject,
      body,
      dedupeKey: `post:${input.postId}:${kind}:${state.revision}`,
      data: { postId: input.postId, revision: state.revision },
      ...(decide ? { actions: { postIds: [input.postId], deadlines: { [input.postId]: state.deadline } } } : {}),
    });
  }

  // Validators only run for new Updates, never on replay: adding this check needs no patch.
  const checkSeenRevision = (seen: number | undefined) => {
    if (seen !== undefined && seen !== state.revision) {
      throw new Error(`This post changed after you looked at it (you saw version ${seen}, it is now version ${state.revision}); look at the new version before deciding.`);
    }
  };

  setHandler(postStateQuery, () => state);
  // A workflow tags itself, so every starter (API, daily run, weekly batch) gets the same attributes.
  // Versioned: runs started before this change were tagged by their starter and must replay as they ran.
  if (patched('post-tags-itself')) upsertSearchAttributes([
    { key: OrgId, value: input.orgId },
    { key: PostId, value: input.postId },
    ...(input.userId ? [{ key: UserId, value: input.userId }] : []),
  ]);

  /**
   * One approval, written in one transaction; the last approval needed also locks the content and
   * moves the post to approved, so the caller is answered once the decision took effect.
   */
  async function approveInOneWrite(actorId: string, privacy: PrivacyChoice | undefined): Promise<PostState> {
    state.approvals.push(actorId);
    const lock = state.approvals.length >= state.approvalsNeeded;
    approving++;
    try {
      const written = await localWrites
        .approvePost({ postId: input.postId, orgId: input.orgId, actorId, revision: state.revision, privacy: privacy ?? {}, lock })
        .catch((err) => {
          state.approvals = state.approvals.filter((a) => a !== actorId);
          return rethrowActivityReason(err);
        });
      note('approve', { actorId });
      if (!lock) return state;
      state.revision = Math.max(state.revision, written.revision);
      state.locked = true;
      state.contentHash = written.contentHash;
      lockedAt = state.publishAt;
      note('locked');
      showStage('approved');
      decision = { kind: 'approved' };
      return state;
    } finally {
      approving--;
    }
  }

  setHandler(
    approveUpdate,
    async ({ actorId, privacy }) => {
      if (patched(APPROVE_IN_ONE_WRITE)) return approveInOneWrite(actorId, privacy);
      // Reserve the approver before the first await: a second approval from the same person
      // arriving meanwhile is refused by the validator instead of counting twice (versioned: older
      // runs recorded the approver after the privacy choice).
      const reserved = patched(RESERVE_APPROVER);
      if (reserved) state.approvals.push(actorId);
      if (patched(PRIVACY_AT_APPROVAL)) {
        await acts.recordPrivacyChoice({ postId: input.postId, privacy: privacy ?? {} }).catch((err) => {
          if (reserved) state.approvals = state.approvals.filter((a) => a !== actorId);
          return rethrowActivityReason(err);
        });
      }
      if (!reserved) state.approvals.push(actorId);
      note('approve', { actorId });
      await acts.recordPostDecision({ postId: input.postId, orgId: input.orgId, actorId, action: 'approve', revision: state.revision });
      if (state.approvals.length >= state.approvalsNeeded) {
        decision = { kind: 'approved' };
        // Answer once the content is locked, so the caller sees the post approved (versioned:
        // older runs answered at once).
        if (patched(ANSWER_AFTER_DECISION)) await condition(() => state.stage !== 'awaiting_approval');
      }
      return state;
    },
    {
      validator: ({ actorId, privacy, revision }) => {
        if (state.stage !== 'awaiting_approval') throw new Error(`This post is ${state.stage}; only a post awaiting approval can be approved.`);
        checkSeenRevision(revision);
        const privacyProblems = privacyChoiceProblems(privacy ?? {});
        if (privacyProblems.length > 0) throw new Error(privacyProblems.join(' '));
        if (Date.now() >= Date.parse(state.deadline)) throw new Error('The approval deadline has passed.');
        if (input.requireSecondApprover && actorId === input.authorUserId) {
          throw new Error('Your organization requires a second approver: the author cannot approve their own post.');
        }
        if (state.approvals.includes(actorId)) throw new Error('You already approved this revision; a second approver is needed.');
      },
    },
  );

  setHandler(
    rejectUpdate,
    async ({ actorId, reason }) => {
      note('reject', { actorId, reason });
      await acts.recordPostDecision({ postId: input.postId, orgId: input.orgId, actorId, action: 'reject', revision: state.revision, reason });
      decision = { kind: 'rejected', reason, actorId };
      // Answer once the rejection is acted on: a replacement under way, or the slot skipped.
      if (patched(ANSWER_AFTER_DECISION)) await condition(() => state.stage !== 'awaiting_approval');
      return state;
    },
    {
      validator: ({ reason, revision }) => {
        if (state.stage !== 'awaiting_approval') throw new Error(`This post is ${state.stage}; only a post awaiting approval can be rejected.`);
        checkSeenRevision(revision);
        if (!reason?.trim()) throw new Error(input.authorUserId ? 'Say why the post is rejected: its author reads the reason.' : 'Say why the post is rejected: the replacement is written from the reason.');
        if (reason.length > 1000) throw new Error('Keep the reason under 1,000 characters.');
      },
    },
  );

  setHandler(mediaChangedSignal, ({ actorId, kind }) => {
    if (state.stage !== 'awaiting_approval') return;
    state.approvals = [];
    note(`new-${kind}`, { actorId });
  });

  setHandler(
    editUpdate,
    async ({ actorId, changes }) => {
      editing++;
      try {
        const result = await acts.applyPostEdit({ postId: input.postId, actorId, edit: changes, locked: state.locked }).catch(rethrowActivityReason);
        state.revision = result.revision;
        state.publishAt = result.scheduledAt;
        if (result.contentHash) state.contentHash = result.contentHash;
        if (!state.locked) {
          state.deadline = new Date(approvalDeadline(publishAt(), input.leadMinutes)).toISOString();
          // Edited content is a new revision: earlier approvals were for other words.
          state.approvals = [];
        }
        note(state.locked ? 'locked-edit' : 'edit', { actorId });
        return state;
      } finally {
        editing--;
      }
    },
    {
      validator: ({ changes }) => {
        if (!changes || (changes.targets === undefined && changes.hashtags === undefined && changes.scheduledAt === undefined)) {
          throw new Error('Nothing to change: give targets (copy per platform), hashtags or scheduledAt.');
        }
        if (state.stage !== 'awaiting_approval' && state.stage !== 'approved' && state.stage !== 'returned') {
          throw new Error(`This post is ${state.stage} and can no longer be edited.`);
        }
        if (state.locked) {
          const verdict = checkLockedEdit(Date.parse(lockedAt), {
            scheduledAt: changes.scheduledAt,
            hashtags: changes.hashtags,
            otherFields: copyChanges(changes),
          });
          if (!verdict.allowed) throw new Error(verdict.reason);
        }
        if (changes.scheduledAt !== undefined) {
          const at = Date.parse(changes.scheduledAt);
          if (Number.isNaN(at)) throw new Error('scheduledAt must be an ISO date-time, e.g. 2026-11-23T09:30:00Z.');
          if (!state.locked && approvalDeadline(at, input.leadMinutes) <= Date.now()) {
            throw new Error(`That time leaves no room for approval (lead time ${input.leadMinutes} min); pick a later time.`);
          }
        }
      },
    },
  );

  setHandler(
    resubmitUpdate,
    async ({ actorId }) => {
      resubmittedBy = actorId;
      note('resubmit', { actorId });
      await condition(() => state.stage !== 'returned');
      return state;
    },
    {
      validator: (_resubmit: Actor) => {
        if (state.stage !== 'returned') throw new Error(`This post is ${state.stage}; only a post returned to its author can be resubmitted.`);
        if (resubmittedBy !== undefined) throw new Error('This post is already being resubmitted.');
        if (Date.now() >= Date.parse(state.deadline)) {
          throw new Error(`Its approval deadline (${state.deadline}) has passed: move the post to a later time (scheduledAt), then resubmit it.`);
        }
      },
    },
  );

  /**
   * A rejected hand-made post waits with its author (stage returned, the reason beside it) until
   * they resubmit it or its publish time passes. Answers whether it was resubmitted.
   */
  async function returnToAuthor(rejection: { reason: string; actorId: string }): Promise<boolean> {
    const author = input.authorUserId!;
    const tellAuthor = (kind: string, subject: string, body: string) =>
      acts.notifyOrg({ orgId: input.orgId, audience: { userId: author }, kind, subject, body, dedupeKey: `post:${input.postId}:${kind}:${state.history.length}`, data: { postId: input.postId, revision: state.revision } });
    await moveTo('returned', rejection.reason);
    await tellAuthor('post_returned', 'Your post was returned to you', `Post ${input.postId} was rejected: ${rejection.reason}\nEdit it and resubmit it before ${state.deadline}, or it will not be published.`);
    for (;;) {
      const until = publishAt();
      const woke = await condition(() => resubmittedBy !== undefined || publishAt() !== until, Math.max(until - Date.now(), 1));
      if (resubmittedBy !== undefined) break;
      if (woke) continue; // the author moved the post
      await moveTo('expired', 'returned to its author and not resubmitted before its time');
      await tellAuthor('expired', 'A post expired without approval', `Post ${input.postId} was returned to you and not resubmitted before ${state.publishAt}; it will not be published.`);
      return false;
    }
    resubmittedBy = undefined;
    state.approvals = [];
    await moveTo('awaiting_approval');
    await acts.notifyOrg({
      orgId: input.orgId,
      audience: 'approvers',
      kind: 'approval_requested',
      subject: 'A post is waiting for your approval',
      body: `Post ${input.postId} (revision ${state.revision}) was changed by its author and sent again. It publishes at ${state.publishAt}; decide before ${state.deadline}.`,
      dedupeKey: `post:${input.postId}:resubmitted:${state.history.length}`,
      data: { postId: input.postId, revision: state.revision },
      actions: { postIds: [input.postId], deadlines: { [input.postId]: state.deadline } },
    });
    return true;
  }

  await moveTo('awaiting_approval');
  if (input.notifyOnRequest !== false) await tell('approval_requested', 'A post is waiting for your approval', `Post ${input.postId} publishes at ${state.publishAt}. Approve, edit or reject it before ${state.deadline}.`, true);

  // The approval wait: reminders, deadline, and rejections that bring replacements.
  for (;;) {
    const deadline = Date.parse(state.deadline);
    const reminders = reminderTimes(deadline, Date.now(), input.reminderMinutes);
    const wakeAt = reminders[0] ?? deadline;
    const decided = await condition(() => decision !== undefined || Date.parse(state.deadline) !== deadline, Math.max(wakeAt - Date.now(), 1));
    if (!decided) {
      if (approving > 0) {
        await condition(() => approving === 0);
        continue;
      }
      if (wakeAt < deadline) {
        await tell(`reminder-${wakeAt}`, 'Reminder: a post still needs your approval', `Post ${input.postId} closes for approval at ${state.deadline}.`, true);
        continue;
      }
      await moveTo('expired', 'no decision before the approval deadline');
      await tell('expired', 'A post expired without approval', `Post ${input.postId} was not approved by ${state.deadline} and will not be published.`);
      return { ...state, outcome: 'expired' };
    }
    if (decision === undefined) continue; // the deadline moved (an edit changed the time)
    const current: Decision = decision;
    decision = undefined;
    if (current.kind === 'approved') break;
    // A person's own words are never rewritten by the AI: a rejected hand-made post goes back to its
    // author (versioned: runs recorded before this wrote a replacement for it too).
    if (input.authorUserId && patched(RETURN_OWN_POST)) {
      if (await returnToAuthor(current)) continue;
      return { ...state, outcome: 'expired' };
    }

    const mode = replacementModeAt(Date.now(), publishAt());
    if (mode === 'skip') {
      await moveTo('skipped', 'rejected with under 5 minutes to publish');
      await tell('skipped', 'A post was skipped', `Post ${input.postId} was rejected too close to its time (${state.publishAt}); the slot is skipped.`);
      return { ...state, outcome: 'skipped' };
    }
    await moveTo('drafted', mode === 'emergency' ? 'emergency replacement' : 'writing a replacement');
    try {
      const written = await (mode === 'emergency' ? emergencyWriter : writer).writeReplacementForPost({
        postId: input.postId,
        reason: current.reason,
        emergency: mode === 'emergency',
      });
      const applied = await acts.applyGeneratedContent({
        postId: input.postId,
        outputId: written.outputId,
        kind: mode === 'emergency' ? 'emergency' : 'replacement',
        actor: 'herald',
        reason: current.reason,
      });
      state.revision = applied.revision;
      note(mode === 'emergency' ? 'emergency-replacement' : 'replacement');
    } catch (err) {
      log.warn('replacement failed', { postId: input.postId, error: String(err) });
      await moveTo('skipped', 'no replacement could be written in time');
      await tell('skipped', 'A post was skipped', `Post ${input.postId} was rejected and no replacement could be written: ${String(err)}`);
      return { ...state, outcome: 'skipped' };
    }
    state.approvals = [];
    state.deadline = new Date(replacementDeadline(Date.now(), publishAt(), input.leadMinutes)).toISOString();
    await moveTo('awaiting_approval');
    // Its own kind, so the mail says "replacement" without reading the subject (an activity argument: replays are unaffected).
    await tell('replacement_ready', 'A replacement post is waiting for your approval', `Post ${input.postId} (revision ${state.revision}) publishes at ${state.publishAt}. Decide before ${state.deadline}.`, true);
  }

  // Approved: lock the content (runs recorded before APPROVE_IN_ONE_WRITE lock it here), then
  // wait for its time (locked edits may move it by +-30 min).
  if (!state.locked) {
    const locked = await acts.lockApprovedContent({ postId: input.postId, approverId: state.approvals[state.approvals.length - 1]! });
    state.locked = true;
    state.contentHash = locked.contentHash;
    lockedAt = state.publishAt;
    note('locked');
    await moveTo('approved');
  }
  for (;;) {
    const target = publishAt();
    await condition(() => publishAt() !== target, Math.max(target - Date.now(), 1));
    if (publishAt() === target && Date.now() >= target && editing === 0) break;
  }
  await condition(() => editing === 0);
  await acts.markPostDue({ postId: input.postId });
  // Versioned: runs recorded before publishing existed ended at "due".
  if (patched('publish-each-target')) await startPublishing(input);
  state.stage = 'publishing';
  upsertSearchAttributes([{ key: Stage, value: 'publishing' }]);
  setCurrentDetails(`Post ${input.postId}: handed to publishing at ${new Date().toISOString()}`);
  note('due');
  return state;
}

/** One publish workflow per platform, each on its own; they outlive this one (ABANDON). */
async function startPublishing(input: PostWorkflowInput): Promise<void> {
  const { targetIds } = await acts.targetIdsOf({ postId: input.postId });
  for (const targetId of targetIds) {
    await startChild(publishTargetWorkflow, {
      workflowId: workflowIds.publish(targetId),
      parentClosePolicy: ParentClosePolicy.ABANDON,
      priority: tenantPriority(input.orgId, 'publishing'),
      args: [{ targetId, postId: input.postId, orgId: input.orgId }],
      staticSummary: `Publish target ${targetId} of post ${input.postId}`,
    }).catch((err) => {
      // Already started (a reset replayed this step): that run owns the target.
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    });
  }
}

/** An update caller should read the activity's own words ("x: ..."), not "Activity task failed". */
function rethrowActivityReason(err: unknown): never {
  if (err instanceof ActivityFailure && err.cause instanceof ApplicationFailure) {
    throw ApplicationFailure.nonRetryable(err.cause.message, err.cause.type ?? 'ActivityFailed');
  }
  throw err;
}
