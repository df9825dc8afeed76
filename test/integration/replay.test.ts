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
