import type { BenchProcess } from '../bench/lib/stack.js';
import type { Drill } from './lib/drill.js';
import { startDrillStack } from './lib/stack.js';
import { settleAndCount, startCycles, startPublishes, waitForProgress, type Workload } from './lib/workload.js';

/**
 * kill -9 of the worker process, again and again, while daily cycles run and posts publish. Each
 * round brings new work (a cycle for another org, two publishes), waits until Herald has done
 * something since the last kill, then kills the worker mid-stride and starts a new one.
 */
export function workerKillDrill(kills = 20): Drill {
  return {
    name: 'worker-kill',
    quick: false,
    budgetMs: 30 * 60_000,
    async run(ctx) {
      const stack = ctx.own(await startDrillStack({ bundlePath: ctx.bundlePath }));
      const orgs = await Promise.all(Array.from({ length: Math.ceil(kills / 2) }, () => stack.createOrg(['x', 'linkedin', 'facebook'])));
      const work: Workload = { orgIds: orgs.map((o) => o.orgId), cycles: [], publishes: [] };
      let mark = 0;
      let worker: BenchProcess | undefined;
      for (let round = 0; round < kills; round++) {
        worker = await stack.startWorker();
        if (round % 2 === 0) work.cycles.push(...(await startCycles(stack, [orgs[round / 2]!])));
        work.publishes.push(...(await startPublishes(stack, orgs[round % orgs.length]!, 2, `kill round ${round}`)));
        mark = await waitForProgress(stack, work, mark, 20_000);
        worker.child.kill('SIGKILL');
        await worker.stop();
      }
      await stack.startWorker();
      const tally = await settleAndCount(stack, work, 10 * 60_000);
      return { faults: kills, faultsInWords: `${kills} x kill -9 of the worker process mid-work`, tally, problems: [], notes: [] };
    },
  };
}
