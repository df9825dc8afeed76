import { issueApiToken } from '../db/queries/identity.js';
import type { Drill } from './lib/drill.js';
import { startPrivatePostgres } from './lib/private-postgres.js';
import { startDrillStack } from './lib/stack.js';
import { settleAndCount, startCycles, startPublishes, waitForProgress, type Workload } from './lib/workload.js';

const RESTARTS = 2;
const DOWN_MS = 20_000;

interface ApiAnswer {
  status: number;
  body: string;
}

/**
 * Postgres stopped (pg_ctl -m fast) and started again in the middle of daily cycles and publishes,
 * on a cluster of the drill's own. While it is down the API must answer 503 with a body that says
 * so (not 500); afterwards it must answer 200 again by itself, and the workers' activities retry
 * until nothing is lost.
 */
export function postgresRestartDrill(): Drill {
  return {
    name: 'postgres-restart',
    quick: false,
    budgetMs: 20 * 60_000,
    async run(ctx) {
      const postgres = await startPrivatePostgres();
      ctx.own({ stop: () => postgres.destroy() });
      const stack = ctx.own(await startDrillStack({ bundlePath: ctx.bundlePath, adminUrl: postgres.adminUrl }));
      const orgs = await Promise.all(Array.from({ length: RESTARTS * 2 }, () => stack.createOrg(['x', 'linkedin', 'facebook'])));
      const { token } = await issueApiToken(stack.database.db, orgs[0]!.userId, 'drill');
      const api = await stack.startApi();
      const ask = async (): Promise<ApiAnswer> => {
        const res = await fetch(`${api.baseUrl}/api/v1/orgs/${orgs[0]!.orgId}/posts`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(15_000) });
        return { status: res.status, body: await res.text() };
      };
      const workers = [await stack.startWorker(), await stack.startWorker()];
      const work: Workload = { orgIds: orgs.map((o) => o.orgId), cycles: [], publishes: [] };
      const problems: string[] = [];
      const notes: string[] = [];
      let mark = 0;
      for (let round = 0; round < RESTARTS; round++) {
        work.cycles.push(...(await startCycles(stack, orgs.slice(round * 2, round * 2 + 2))));
        work.publishes.push(...(await startPublishes(stack, orgs[round * 2]!, 4, `postgres round ${round}`)));
        mark = await waitForProgress(stack, work, mark, 20_000);
        postgres.stop();
        const downUntil = Date.now() + DOWN_MS;
        const whileDown: ApiAnswer[] = [];
        while (Date.now() < downUntil) {
          whileDown.push(await ask().catch((err: Error) => ({ status: 0, body: err.message })));
          await new Promise((r) => setTimeout(r, 1_000));
        }
        postgres.start();
        const statuses = [...new Set(whileDown.map((a) => a.status))];
        const unavailable = whileDown.find((a) => a.status === 503);
        if (!unavailable) problems.push(`round ${round}: while Postgres was down the API never answered 503 (answers: ${statuses.join(', ')}; e.g. ${whileDown[0]?.body.slice(0, 200)})`);
        else if (!/database/i.test(unavailable.body)) problems.push(`round ${round}: the 503 body does not say the database is down: ${unavailable.body.slice(0, 200)}`);
        const wrong = whileDown.filter((a) => a.status !== 503);
        if (wrong.length) problems.push(`round ${round}: ${wrong.length} of ${whileDown.length} answers while Postgres was down were not 503: ${[...new Set(wrong.map((a) => `${a.status} ${a.body.slice(0, 120)}`))].join(' | ')}`);
        notes.push(`round ${round}: ${whileDown.length} API requests while down answered ${statuses.join('/')}${unavailable ? `; body ${unavailable.body.slice(0, 160)}` : ''}`);
        const recoverBy = Date.now() + 60_000;
        let back: ApiAnswer | undefined;
        while (Date.now() < recoverBy && back?.status !== 200) {
          back = await ask().catch((err: Error) => ({ status: 0, body: err.message }));
          if (back.status !== 200) await new Promise((r) => setTimeout(r, 500));
        }
        if (back?.status !== 200) problems.push(`round ${round}: the API did not answer 200 within 60 s of Postgres coming back (last: ${back?.status} ${back?.body.slice(0, 160)})`);
      }
      const tally = await settleAndCount(stack, work, 10 * 60_000);
      const died = workers.filter((w) => w.child.exitCode !== null || w.child.signalCode !== null).length;
      if (died) problems.push(`${died} of ${workers.length} worker processes exited while Postgres was down`);
      return { faults: RESTARTS, faultsInWords: `${RESTARTS} x Postgres stopped for ${DOWN_MS / 1000} s mid-cycle (pg_ctl stop -m fast, then start)`, tally, problems, notes };
    },
  };
}
