import { DeterminismViolationError } from '@temporalio/workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadHistoryFixtures, replay, saveHistoryFixture } from '../support/replay.js';
import { startStack, type TestStack } from '../support/stack.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.stop());

async function pingHistory() {
  const res = await fetch(`${stack.baseUrl}/api/v1/dev/ping`, { method: 'POST' });
  const { workflowId } = await res.json();
  return { workflowId, history: await stack.temporal.workflow.getHandle(workflowId).fetchHistory() };
}

describe('replaying workflow histories against the current code', () => {
  it('replays a fresh ping history without non-determinism', async () => {
    const { workflowId, history } = await pingHistory();
    saveHistoryFixture('ping', workflowId);
    await expect(replay(history)).resolves.toBeUndefined();
  });

  it('fails on a tampered history (negative control: the check can fail)', async () => {
    const { history } = await pingHistory();
    const scheduled = history.events!.find((e) => e.activityTaskScheduledEventAttributes);
    scheduled!.activityTaskScheduledEventAttributes!.activityType = { name: 'somethingElse' };
    await expect(replay(history)).rejects.toBeInstanceOf(DeterminismViolationError);
  });

  describe('user-keyed ids that carry the org (patch org-keyed-ids)', () => {
    const childIds = (name: string) => {
      const { history } = loadHistoryFixtures().find((f) => f.name === name)!;
      return { history, ids: history.events!.flatMap((e) => e.startChildWorkflowExecutionInitiatedEventAttributes?.workflowId ?? []) };
    };
    const uuid = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

    it('replays a cycle recorded before the change, whose days ran as daily-<userId>-<date>', async () => {
      const { history, ids } = childIds('cycle-paused-resumed-zone-changed.json');
      expect(ids.length).toBeGreaterThan(0);
      for (const id of ids) expect(id).toMatch(new RegExp(`^daily-${uuid}-\\d{4}-\\d{2}-\\d{2}`));
      await expect(replay(history)).resolves.toBeUndefined();
    });

    it('replays a cycle recorded after it, whose days run as daily-<orgId>-<userId>-<date>', async () => {
      const { history, ids } = childIds('cycle-org-keyed-manual-run.json');
      expect(ids.length).toBeGreaterThan(0);
      for (const id of ids) expect(id).toMatch(new RegExp(`^daily-${uuid}-${uuid}-\\d{4}-\\d{2}-\\d{2}`));
      await expect(replay(history)).resolves.toBeUndefined();
    });

    it('fails when a recorded child id differs from the one the code builds (so the patch is what keeps old runs replaying)', async () => {
      const { history } = childIds('cycle-org-keyed-manual-run.json');
      const child = history.events!.find((e) => e.startChildWorkflowExecutionInitiatedEventAttributes)!.startChildWorkflowExecutionInitiatedEventAttributes!;
      child.workflowId = child.workflowId!.replace(new RegExp(`^daily-${uuid}-`), 'daily-');
      await expect(replay(history)).rejects.toBeInstanceOf(DeterminismViolationError);
    });
  });

  describe('the month\'s 30-day themes in the weekly plan (patch monthly-themes)', () => {
    const fixture = (name: string) => loadHistoryFixtures().find((f) => f.name === name)!.history;
    const activities = (history: ReturnType<typeof fixture>) => history.events!.flatMap((e) => e.activityTaskScheduledEventAttributes?.activityType?.name ?? []);
    const isThemesPatch = (e: NonNullable<ReturnType<typeof fixture>['events']>[number]) =>
      e.markerRecordedEventAttributes?.markerName === 'core_patch' &&
      Buffer.from(e.markerRecordedEventAttributes.details!['patch-data']!.payloads![0]!.data!).toString('utf8').includes('"monthly-themes"');

    it('replays a plan recorded before the change, which neither planned nor read themes', async () => {
      const history = fixture('weekly-modify-reject-approve.json');
      expect(activities(history)).not.toContain('findMonthlyThemes');
      await expect(replay(history)).resolves.toBeUndefined();
    });

    it('replays a plan recorded after it, which planned the month\'s themes before presenting', async () => {
      const history = fixture('weekly-monthly-themes.json');
      const acts = activities(history);
      expect(acts.indexOf('planMonthlyThemes')).toBeGreaterThan(-1);
      expect(acts.indexOf('planMonthlyThemes')).toBeLessThan(acts.indexOf('presentWeeklyStrategy'));
      await expect(replay(history)).resolves.toBeUndefined();
    });

    it('fails on that plan without its patch marker (so the patch is what keeps old plans replaying)', async () => {
      const history = fixture('weekly-monthly-themes.json');
      expect(history.events!.some(isThemesPatch)).toBe(true);
      const marker = history.events!.find(isThemesPatch)!.markerRecordedEventAttributes!.details!['patch-data']!.payloads![0]!;
      marker.data = Buffer.from(JSON.stringify({ id: 'some-other-change', deprecated: false }));
      await expect(replay(history)).rejects.toBeInstanceOf(DeterminismViolationError);
    });
  });

  describe('the digest waits for the earliest approver\'s own hour (patch digest-hour-per-reader)', () => {
    const fixture = (name: string) => loadHistoryFixtures().find((f) => f.name === name)!.history;
    const activities = (history: ReturnType<typeof fixture>) => history.events!.flatMap((e) => e.activityTaskScheduledEventAttributes?.activityType?.name ?? []);
    const digestMarker = (history: ReturnType<typeof fixture>) =>
      history.events!.map((e) => e.markerRecordedEventAttributes).find(
        (m) => m?.markerName === 'core_patch' && Buffer.from(m.details!['patch-data']!.payloads![0]!.data!).toString('utf8').includes('"digest-hour-per-reader"'),
      );

    it('replays a run recorded before the change, which waited for 08:00 in the owner\'s zone', async () => {
      const history = fixture('daily-run-manual.json');
      expect(activities(history)).toContain('localInstant');
      expect(activities(history)).not.toContain('firstDigestDue');
      await expect(replay(history)).resolves.toBeUndefined();
    });

    it('replays a run recorded after it, which asked for the earliest reader\'s hour and waited for it', async () => {
      const history = fixture('daily-run-digest-hour-per-reader.json');
      const acts = activities(history);
      expect(acts).toContain('firstDigestDue');
      expect(acts).not.toContain('localInstant');
      // The wait is a timer between asking when and queueing the digest.
      const timer = history.events!.findIndex((e) => e.timerStartedEventAttributes);
      const asked = history.events!.findIndex((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'firstDigestDue');
      const queued = history.events!.findIndex((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'notifyOrg');
      expect(asked).toBeLessThan(timer);
      expect(timer).toBeLessThan(queued);
      await expect(replay(history)).resolves.toBeUndefined();
    });

    it('fails on that run without its patch marker (so the patch is what keeps old runs replaying)', async () => {
      const history = fixture('daily-run-digest-hour-per-reader.json');
      const marker = digestMarker(history);
      expect(marker).toBeDefined();
      marker!.details!['patch-data']!.payloads![0]!.data = Buffer.from(JSON.stringify({ id: 'some-other-change', deprecated: false }));
      await expect(replay(history)).rejects.toBeInstanceOf(DeterminismViolationError);
    });
  });

  describe('the daily run\'s short database steps run as local activities (patch local-db-steps)', () => {
    const fixture = (name: string) => loadHistoryFixtures().find((f) => f.name === name)!.history;
    const scheduled = (history: ReturnType<typeof fixture>) => history.events!.flatMap((e) => e.activityTaskScheduledEventAttributes?.activityType?.name ?? []);
    const markerText = (m: NonNullable<NonNullable<ReturnType<typeof fixture>['events']>[number]['markerRecordedEventAttributes']>) =>
      Object.values(m.details ?? {}).flatMap((p) => p.payloads ?? []).map((p) => Buffer.from(p.data ?? []).toString('utf8')).join(' ');
    const markers = (history: ReturnType<typeof fixture>, name: string) =>
      history.events!.map((e) => e.markerRecordedEventAttributes).filter((m) => m?.markerName === name).map((m) => markerText(m!));
    const dbSteps = ['loadCycleSettings', 'startCycleRun', 'billingPause', 'approvedStrategyFor', 'applyGeneratedContent', 'publishTimes', 'firstDigestDue', 'notifyOrg', 'finishCycleRun'];

    it('replays a run recorded before the change, which scheduled each database step on the task queue', async () => {
      const history = fixture('daily-run-digest-hour-per-reader.json');
      expect(scheduled(history)).toEqual(expect.arrayContaining(dbSteps.filter((s) => s !== 'applyGeneratedContent')));
      expect(markers(history, 'core_local_activity')).toEqual([]);
      await expect(replay(history)).resolves.toBeUndefined();
    });

    it('replays a run recorded after it, whose database steps are local-activity markers and whose AI steps still go through the queue', async () => {
      const history = fixture('daily-run-local-db-steps.json');
      expect(markers(history, 'core_patch').some((m) => m.includes('"local-db-steps"'))).toBe(true);
      const locals = markers(history, 'core_local_activity').join('\n');
      for (const step of ['loadCycleSettings', 'startCycleRun', 'billingPause', 'approvedStrategyFor', 'applyGeneratedContent', 'publishTimes', 'firstDigestDue', 'notifyOrg', 'finishCycleRun']) {
        expect(locals).toContain(step);
        expect(scheduled(history)).not.toContain(step);
      }
      expect(scheduled(history)).toEqual(expect.arrayContaining(['gatherIntelligence', 'planDay', 'claimSlotsFromPlan', 'writeContentForPost', 'digestLines']));
      await expect(replay(history)).resolves.toBeUndefined();
    });

    it('fails on that run without its patch marker (so the patch is what keeps old runs replaying)', async () => {
      const history = fixture('daily-run-local-db-steps.json');
      const marker = history.events!.map((e) => e.markerRecordedEventAttributes).find((m) => m?.markerName === 'core_patch' && markerText(m).includes('"local-db-steps"'))!;
      marker.details!['patch-data']!.payloads![0]!.data = Buffer.from(JSON.stringify({ id: 'some-other-change', deprecated: false }));
      await expect(replay(history)).rejects.toBeInstanceOf(DeterminismViolationError);
    });
  });

  describe('a rejected hand-made post goes back to its author (patch return-own-post)', () => {
    const fixture = (name: string) => loadHistoryFixtures().find((f) => f.name === name)!.history;
    const activities = (history: ReturnType<typeof fixture>) => history.events!.flatMap((e) => e.activityTaskScheduledEventAttributes?.activityType?.name ?? []);
    const returnMarker = (history: ReturnType<typeof fixture>) =>
      history.events!.map((e) => e.markerRecordedEventAttributes).find(
        (m) => m?.markerName === 'core_patch' && Buffer.from(m.details!['patch-data']!.payloads![0]!.data!).toString('utf8').includes('"return-own-post"'),
      );
    const updates = (history: ReturnType<typeof fixture>) => history.events!.flatMap((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name ?? []);

    it('replays a rejection recorded before the change, which had the AI write a replacement', async () => {
      const history = fixture('post-rejected-replaced-approved.json');
      expect(activities(history)).toContain('writeReplacementForPost');
      expect(returnMarker(history)).toBeUndefined();
      await expect(replay(history)).resolves.toBeUndefined();
    });

    it('replays a hand-made post recorded after it: rejected, returned, edited, resubmitted and approved, with no replacement written', async () => {
      const history = fixture('own-post-returned-resubmitted.json');
      expect(returnMarker(history)).toBeDefined();
      expect(activities(history)).not.toContain('writeReplacementForPost');
      expect(updates(history)).toEqual(['reject', 'edit', 'resubmit', 'approve', 'approve']);
      await expect(replay(history)).resolves.toBeUndefined();
    });

    it('fails on that run without its patch marker (so the patch is what keeps old runs replaying)', async () => {
      const history = fixture('own-post-returned-resubmitted.json');
      returnMarker(history)!.details!['patch-data']!.payloads![0]!.data = Buffer.from(JSON.stringify({ id: 'some-other-change', deprecated: false }));
      await expect(replay(history)).rejects.toBeInstanceOf(DeterminismViolationError);
    });
  });

  describe('an approval written in one local activity (patch approve-in-one-write)', () => {
    type History = ReturnType<typeof loadHistoryFixtures>[number]['history'];
    const fixture = (name: string) => loadHistoryFixtures().find((f) => f.name === name)!.history;
    const marker = (e: NonNullable<History['events']>[number]) => e.markerRecordedEventAttributes;
    const markerText = (e: NonNullable<History['events']>[number], key: string) => {
      const data = marker(e)?.details?.[key]?.payloads?.[0]?.data;
      return data ? Buffer.from(data).toString('utf8') : '';
    };
    const isPatch = (e: NonNullable<History['events']>[number]) => marker(e)?.markerName === 'core_patch' && markerText(e, 'patch-data').includes('"approve-in-one-write"');
    /** What the workflow did between accepting the approve Update and answering it. */
    const approvalSteps = (history: History) => {
      const events = history.events!;
      const accepted = events.findIndex((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name === 'approve');
      const updateId = events[accepted]?.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.meta?.updateId;
      const answered = events.findIndex((e) => e.workflowExecutionUpdateCompletedEventAttributes?.meta?.updateId === updateId);
      expect(accepted).toBeGreaterThan(-1);
      expect(answered).toBeGreaterThan(accepted);
      const between = events.slice(accepted, answered);
      return {
        activities: between.flatMap((e) => e.activityTaskScheduledEventAttributes?.activityType?.name ?? []),
        localActivities: between.filter((e) => marker(e)?.markerName === 'core_local_activity').map((e) => markerText(e, 'data')),
      };
    };

    for (const name of ['post-approved-v2.json', 'post-tiktok-privacy-v1.json', 'post-approved-published-v1.json']) {
      it(`replays ${name}, recorded before the change: four activities through the task queue per approval`, async () => {
        const history = fixture(name);
        const steps = approvalSteps(history);
        expect(steps.activities).toEqual(expect.arrayContaining(['recordPostDecision', 'lockApprovedContent', 'setPostStage']));
        expect(steps.localActivities).toEqual([]);
        expect(history.events!.some(isPatch)).toBe(false);
        await expect(replay(history)).resolves.toBeUndefined();
      });
    }

    for (const name of ['post-approved.json', 'post-tiktok-privacy.json', 'post-approved-published.json']) {
      it(`replays ${name}, recorded after it: one local write and no activity between the Update and its answer`, async () => {
        const history = fixture(name);
        const steps = approvalSteps(history);
        expect(steps.activities).toEqual([]);
        expect(steps.localActivities).toHaveLength(1);
        expect(steps.localActivities[0]).toContain('approvePost');
        const all = history.events!.flatMap((e) => e.activityTaskScheduledEventAttributes?.activityType?.name ?? []);
        expect(all).not.toContain('lockApprovedContent');
        await expect(replay(history)).resolves.toBeUndefined();
      });
    }

    it('fails on that approval without its patch marker (so the patch is what keeps old approvals replaying)', async () => {
      const history = fixture('post-approved.json');
      const patch = history.events!.find(isPatch);
      expect(patch).toBeDefined();
      marker(patch!)!.details!['patch-data']!.payloads![0]!.data = Buffer.from(JSON.stringify({ id: 'some-other-change', deprecated: false }));
      await expect(replay(history)).rejects.toBeInstanceOf(DeterminismViolationError);
    });
  });

  const fixtures = loadHistoryFixtures();
  it('has recorded histories to replay', () => {
    expect(fixtures.length).toBeGreaterThan(0);
  });
  for (const { name, history } of fixtures) {
    it(`replays the recorded history ${name}`, async () => {
      await expect(replay(history, name)).resolves.toBeUndefined();
    });
  }
});
