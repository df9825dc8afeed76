import { eq } from 'drizzle-orm';
import { aiOutputs, posts } from '../db/schema/index.js';
import type { Fault } from '../emulators/platforms/state.js';
import type { Drill } from './lib/drill.js';
import { startDrillStack, type DrillOrg, type DrillStack } from './lib/stack.js';
import { settleAndCount, startCycles, startPublishes, type Workload } from './lib/workload.js';

/** Outside services misbehaving: platforms, the LLM providers, the e-mail provider. */

async function queuePlatformFault(stack: DrillStack, fault: Fault): Promise<void> {
  const res = await fetch(`${stack.platforms.url}/_emulator/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(fault) });
  if (!res.ok) throw new Error(`the platform emulator refused a fault: ${res.status} ${await res.text()}`);
}

const STORM: Fault[] = [
  { platform: 'x', route: 'POST /2/tweets', kind: 'rate_limit', times: 8, retryAfterSeconds: 2 },
  { platform: 'linkedin', kind: 'server_error', status: 503, times: 8 },
  { platform: 'facebook', kind: 'rate_limit', times: 5, retryAfterSeconds: 2 },
  { platform: 'facebook', kind: 'server_error', status: 500, times: 5 },
];

/** 429 storms and 5xx bursts on X, LinkedIn and Facebook while posts publish: each lands once. */
export function platformStormDrill(): Drill {
  return {
    name: 'platform-storm',
    quick: true,
    budgetMs: 10 * 60_000,
    async run(ctx) {
      const stack = ctx.own(await startDrillStack({ bundlePath: ctx.bundlePath }));
      const org = await stack.createOrg(['x', 'linkedin', 'facebook']);
      for (const fault of STORM) await queuePlatformFault(stack, fault);
      await stack.startWorker();
      const work: Workload = { orgIds: [org.orgId], cycles: [], publishes: await startPublishes(stack, org, 12, 'storm') };
      const tally = await settleAndCount(stack, work, 6 * 60_000);
      const queued = STORM.reduce((n, f) => n + (f.times ?? 1), 0);
      const served = stack.platforms.state.faultsServed;
      return {
        faults: served,
        faultsInWords: `${served} of ${queued} queued 429 / 5xx answers served by X, LinkedIn and Facebook`,
        tally,
        problems: served === 0 ? ['no fault was served: the drill tested nothing'] : [],
        notes: [],
      };
    },
  };
}

async function writtenBy(stack: DrillStack, org: DrillOrg) {
  const outputs = await stack.database.db.select({ provider: aiOutputs.provider, task: aiOutputs.task }).from(aiOutputs).where(eq(aiOutputs.orgId, org.orgId));
  const rows = await stack.database.db.select({ offline: posts.offlineWritten }).from(posts).where(eq(posts.orgId, org.orgId));
  return { providers: [...new Set(outputs.map((o) => o.provider))].sort(), posts: rows.length, offlinePosts: rows.filter((r) => r.offline).length };
}

/**
 * Anthropic down for a whole daily cycle: OpenAI writes it. Then both down: the offline writer
 * writes it, the posts say so, and the approval digest tells the user.
 */
export function llmOutageDrill(): Drill {
  return {
    name: 'llm-outage',
    quick: true,
    budgetMs: 10 * 60_000,
    async run(ctx) {
      const stack = ctx.own(await startDrillStack({ bundlePath: ctx.bundlePath, llm: true }));
      const llm = stack.llm!;
      const [fallback, offline] = [await stack.createOrg(['x', 'linkedin']), await stack.createOrg(['x', 'linkedin'])];
      await stack.startWorker();
      const down = (endpoint: 'anthropic' | 'openai') => llm.script(endpoint, ...Array.from({ length: 500 }, () => ({ kind: 'status' as const, status: 529 })));
      const problems: string[] = [];

      down('anthropic');
      const first: Workload = { orgIds: [fallback.orgId], cycles: await startCycles(stack, [fallback]), publishes: [] };
      const firstTally = await settleAndCount(stack, first, 4 * 60_000);
      const refusedFirst = llm.calls.filter((c) => c.status >= 500).length;
      const byFallback = await writtenBy(stack, fallback);
      if (!byFallback.providers.includes('openai') || byFallback.providers.includes('anthropic')) problems.push(`with Anthropic down the cycle was written by ${byFallback.providers.join(', ')}, not OpenAI`);
      if (byFallback.offlinePosts > 0) problems.push(`${byFallback.offlinePosts} posts went to the offline writer although OpenAI was up`);

      llm.reset();
      down('anthropic');
      down('openai');
      const second: Workload = { orgIds: [offline.orgId], cycles: await startCycles(stack, [offline]), publishes: [] };
      const secondTally = await settleAndCount(stack, second, 4 * 60_000);
      const refusedSecond = llm.calls.filter((c) => c.status >= 500).length;
      const byOffline = await writtenBy(stack, offline);
      if (byOffline.posts === 0 || byOffline.offlinePosts !== byOffline.posts) problems.push(`with both providers down ${byOffline.offlinePosts} of ${byOffline.posts} posts were offline-written`);
      const digest = stack.resend.state.emailsTo(offline.email).find((e) => /wait for your approval/.test(e.subject));
      if (!digest || !/offline-written/i.test(`${digest.text ?? ''}${digest.html ?? ''}`)) problems.push('the approval digest did not tell the user the posts were offline-written');

      const tally = combine(firstTally, secondTally);
      return {
        faults: refusedFirst + refusedSecond,
        faultsInWords: `${refusedFirst} Anthropic calls answered 529 (phase 1), then ${refusedSecond} Anthropic and OpenAI calls answered 529 (phase 2)`,
        tally,
        problems,
        notes: [
          `phase 1 (Anthropic down): written by ${byFallback.providers.join(', ')}; ${byFallback.posts} posts, ${byFallback.offlinePosts} offline-written`,
          `phase 2 (both down): written by ${byOffline.providers.join(', ')}; ${byOffline.posts} posts, ${byOffline.offlinePosts} offline-written; digest says so: ${digest ? /offline-written/i.test(`${digest.text ?? ''}${digest.html ?? ''}`) : 'no digest'}`,
        ],
      };
    },
  };
}

function combine(a: Awaited<ReturnType<typeof settleAndCount>>, b: Awaited<ReturnType<typeof settleAndCount>>) {
  const sum = (k: Exclude<keyof typeof a, 'losses'>) => a[k] + b[k];
  return {
    postsExpected: sum('postsExpected'),
    published: sum('published'),
    duplicates: sum('duplicates'),
    lost: sum('lost'),
    cyclesExpected: sum('cyclesExpected'),
    cyclesCompleted: sum('cyclesCompleted'),
    cyclePosts: sum('cyclePosts'),
    cyclePostsAwaiting: sum('cyclePostsAwaiting'),
    emailsExpected: sum('emailsExpected'),
    emailsSentOnce: sum('emailsSentOnce'),
    emailDuplicates: sum('emailDuplicates'),
    losses: [...a.losses, ...b.losses],
  };
}

/**
 * The e-mail provider answers 503 to every send for `outageS` seconds while daily cycles mail
 * their digests; once it is back, each mail goes out exactly once. Herald's retry backoff (2 s,
 * doubling, at most 10 min) decides how soon after the outage the mail goes.
 */
export function emailOutageDrill(outageS: number): Drill {
  return {
    name: 'email-outage',
    quick: outageS <= 30,
    budgetMs: (outageS + 15 * 60) * 1000,
    async run(ctx) {
      const stack = ctx.own(await startDrillStack({ bundlePath: ctx.bundlePath }));
      const orgs = [await stack.createOrg(['x', 'linkedin']), await stack.createOrg(['x', 'linkedin'])];
      // The outage starts with the first send it refuses, so it covers the digests whenever they come.
      stack.resend.state.addFault({ kind: 'server_error', status: 503, forMs: outageS * 1000 });
      await stack.startWorker();
      const work: Workload = { orgIds: orgs.map((o) => o.orgId), cycles: await startCycles(stack, orgs), publishes: [] };
      const problems: string[] = [];
      const firstRefusal = Date.now() + 5 * 60_000;
      while (stack.resend.state.requests === 0 && Date.now() < firstRefusal) await new Promise((r) => setTimeout(r, 250));
      const outageEnds = Date.now() + outageS * 1000;
      // Requests the provider refused: those before the outage ended (nothing else reached it then).
      let refused = 0;
      while (Date.now() < outageEnds) {
        refused = stack.resend.state.requests;
        await new Promise((r) => setTimeout(r, 500));
      }
      if (stack.resend.state.emails.some((e) => Date.parse(e.createdAt) < outageEnds - 1_000)) problems.push('the provider accepted mail during its outage');
      if (refused === 0) problems.push('no send reached the provider during the outage: the drill tested nothing');
      const tally = await settleAndCount(stack, work, 12 * 60_000);
      const lastSent = Math.max(...stack.resend.state.emails.map((e) => Date.parse(e.createdAt)));
      return {
        faults: refused,
        faultsInWords: `e-mail provider down (503) for ${outageS} s: ${refused} sends refused`,
        tally,
        problems,
        notes: [`last mail accepted ${Math.round((lastSent - outageEnds) / 1000)} s after the provider came back`],
      };
    },
  };
}
