import { describe, expect, it } from 'vitest';
import { devServerArgs } from '../../temporal-config/dev-server.js';
import { taskQueues } from '../../temporal-config/task-queues.js';
import { dailyRunId, workflowIds } from '../../temporal-config/workflow-ids.js';

describe('workflow ids ops can guess', () => {
  it('names each long-running process after what it runs for', () => {
    expect(workflowIds.cycle('o1', 'u1')).toBe('cycle-o1-u1');
    expect(workflowIds.post('p1')).toBe('post-p1');
    expect(workflowIds.monitor('t1')).toBe('monitor-t1');
  });

  it('keys every user-keyed id by the org too, so one person in two orgs has two cycles', () => {
    expect(workflowIds.cycle('o1', 'u1')).not.toBe(workflowIds.cycle('o2', 'u1'));
    expect(workflowIds.weekly('o1', 'u1', '2026-11-23')).toBe('weekly-o1-u1-2026-11-23');
    expect(workflowIds.learning('o1', 'u1', '2026-11-16')).toBe('learning-o1-u1-2026-11-16');
    expect(dailyRunId('o1', 'u1', '2026-11-23', 2)).toBe('daily-o1-u1-2026-11-23-manual-2');
  });

  it('keeps the first publish attempt unsuffixed and numbers replays', () => {
    expect(workflowIds.publish('t1')).toBe('publish-t1');
    expect(workflowIds.publish('t1', 2)).toBe('publish-t1-2');
  });
});

describe('task queues', () => {
  it('give each platform its own queue under the deployment prefix', () => {
    const queues = taskQueues('herald');
    expect(queues.main).toBe('herald-main');
    expect(queues.platform('instagram')).toBe('herald-publish-instagram');
    expect(queues.served()).toContain('herald-main');
  });
});

describe('the embedded Temporal dev server command', () => {
  it('persists history in the data directory, serves the UI and registers every search attribute', () => {
    const args = devServerArgs({ cliPath: 'temporal', port: 7233, uiPort: 8233, dbFile: '/d/temporal.db', namespace: 'default' });
    expect(args.join(' ')).toContain('--db-filename /d/temporal.db');
    expect(args.join(' ')).toContain('--ui-port 8233');
    for (const key of ['OrgId', 'UserId', 'PostId', 'TargetId', 'Platform', 'Stage']) {
      expect(args).toContain(`${key}=Keyword`);
    }
  });

  it("turns on task-queue fairness, so one org's burst does not hold up the others", () => {
    const args = devServerArgs({ cliPath: 'temporal', port: 7233, namespace: 'default' }).join(' ');
    expect(args).toContain('--dynamic-config-value matching.useNewMatcher=true');
    expect(args).toContain('--dynamic-config-value matching.enableFairness=true');
  });
});
