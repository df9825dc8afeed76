import type { Drill } from './lib/drill.js';
import { startDrillStack } from './lib/stack.js';
import { settleAndCount, startCycles, startPublishes, waitForProgress, type Workload } from './lib/workload.js';

const RESTARTS = 3;
/** How long the server stays down each time: long enough for every poll and activity completion to fail. */
const DOWN_MS = 15_000;

/**
 * The Temporal dev server (history in a SQLite file) stopped and started again on the same port in
 * the middle of daily cycles and publishes; the workers are left running and must carry on alone.
 */
export function temporalRestartDrill(): Drill {
  return {
    name: 'temporal-restart',
    quick: false,
    budgetMs: 20 * 60_000,
    async run(ctx) {
      const stack = ctx.own(await startDrillStack({ bundlePath: ctx.bundlePath }));
      const orgs = await Promise.all(Array.from({ length: RESTARTS * 2 }, () => stack.createOrg(['x', 'linkedin', 'facebook'])));
      const work: Workload = { orgIds: orgs.map((o) => o.orgId), cycles: [], publishes: [] };
      const workers = [await stack.startWorker(), await stack.startWorker()];
      let mark = 0;
      for (let round = 0; round < RESTARTS; round++) {
        work.cycles.push(...(await startCycles(stack, orgs.slice(round * 2, round * 2 + 2))));
        work.publishes.push(...(await startPublishes(stack, orgs[round * 2]!, 4, `temporal round ${round}`)));
        mark = await waitForProgress(stack, work, mark, 20_000);
        await stack.stopTemporal();
        await new Promise((r) => setTimeout(r, DOWN_MS));
        await stack.startTemporal();
      }
      const tally = await settleAndCount(stack, work, 10 * 60_000);
      const died = workers.filter((w) => w.child.exitCode !== null || w.child.signalCode !== null).length;
      return {
        faults: RESTARTS,
        faultsInWords: `${RESTARTS} x Temporal server stopped for ${DOWN_MS / 1000} s mid-cycle, then started again on its history file`,
        tally,
        problems: died ? [`${died} of ${workers.length} worker processes exited while Temporal was down instead of waiting for it`] : [],
        notes: [`worker processes still running at the end: ${workers.length - died} of ${workers.length}`],
      };
    },
  };
}
