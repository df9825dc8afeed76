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
