import { randomUUID } from 'node:crypto';
import { issueApiToken } from '../db/queries/identity.js';
import { posts, postTargets } from '../db/schema/index.js';
import type { Drill } from './lib/drill.js';
import { emptyTally } from './lib/drill.js';
import { startDrillStack } from './lib/stack.js';

const CLIENTS = 50;
const SEEDED_POSTS = 60;

interface Call {
  method: string;
  path: string;
  body?: string;
  token?: string | null;
  /** Bad input: any 4xx is right, a 5xx is a bug. */
  bad: boolean;
}

function calls(org: string, token: string): Call[] {
  const base = `/api/v1/orgs/${org}`;
  const day = new Date().toISOString().slice(0, 10);
  return [
    { method: 'GET', path: '/api/v1/me', bad: false },
    { method: 'GET', path: `${base}/posts`, bad: false },
    { method: 'GET', path: `${base}/posts?stage=awaiting_approval`, bad: false },
    { method: 'GET', path: `${base}/calendar?from=${day}&to=${day}`, bad: false },
    { method: 'GET', path: `${base}/analytics/overview`, bad: false },
    { method: 'GET', path: `${base}/members`, bad: false },
    { method: 'GET', path: `${base}/posts?stage=nonsense&limit=-4`, bad: true },
    { method: 'GET', path: `${base}/posts/not-a-uuid`, bad: true },
    { method: 'GET', path: `/api/v1/orgs/${randomUUID()}/posts`, bad: true },
    { method: 'GET', path: `${base}/calendar?from=2026-13-45&to=yesterday`, bad: true },
    { method: 'POST', path: `${base}/posts`, body: '{"text": "half a body', bad: true },
    { method: 'POST', path: `${base}/posts`, body: JSON.stringify({ text: 12, platforms: 'x', publishAt: 'soon' }), bad: true },
    { method: 'POST', path: `${base}/posts`, body: JSON.stringify({ text: 'x'.repeat(300_000) }), bad: true },
    { method: 'PATCH', path: '/api/v1/me/email-preferences', body: JSON.stringify({ digestHour: 99, digest: 'maybe' }), bad: true },
    { method: 'GET', path: `${base}/posts?${'q=%00'.repeat(1500)}`, bad: true },
    { method: 'GET', path: `${base}/posts`, token: null, bad: true },
    { method: 'GET', path: `${base}/posts`, token: `${token}x`, bad: true },
  ];
}

/**
 * 50 clients for `seconds` against the API process: the approval queue, calendar and analytics
 * reads, with bad input mixed in. No answer may be a 5xx (or a dropped connection), and the API's
 * resident memory must come back near where it started once the load stops.
 */
export function apiLoadDrill(seconds: number): Drill {
  return {
    name: 'api-load',
    quick: false,
    budgetMs: (seconds + 5 * 60) * 1000,
    async run(ctx) {
      const stack = ctx.own(await startDrillStack({ bundlePath: ctx.bundlePath }));
      const org = await stack.createOrg(['x', 'linkedin']);
      const { token } = await issueApiToken(stack.database.db, org.userId, 'drill');
      const rows = await stack.database.db
        .insert(posts)
        .values(Array.from({ length: SEEDED_POSTS }, (_, i) => ({ orgId: org.orgId, userId: org.userId, scheduledAt: new Date(Date.now() + (i + 1) * 3_600_000), stage: 'awaiting_approval' as const, slotKey: `drill-load:${randomUUID()}` })))
        .returning({ id: posts.id });
      await stack.database.db.insert(postTargets).values(rows.map((r, i) => ({ postId: r.id, orgId: org.orgId, platform: i % 2 ? 'x' : 'linkedin', socialAccountId: org.accounts[i % 2 ? 'x' : 'linkedin']!, text: `Load post ${i}`, hashtags: ['bakery'] })));
      const api = await stack.startApi();
      const mix = calls(org.orgId, token);
      const send = async (call: Call) => {
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        const bearer = call.token === undefined ? token : call.token;
        if (bearer) headers.authorization = `Bearer ${bearer}`;
        try {
          const res = await fetch(`${api.baseUrl}${call.path}`, { method: call.method, headers, body: call.body, signal: AbortSignal.timeout(30_000) });
          await res.arrayBuffer();
          return res.status;
        } catch {
          return 0;
        }
      };
      // Warm-up: every route once, so the baseline includes what the first requests load.
      for (const call of mix) await send(call);
      const baselineMiB = api.process.rssMiB();
      const statuses = new Map<string, number>();
      const failures = new Map<string, number>();
      let peakMiB = baselineMiB;
      const until = Date.now() + seconds * 1000;
      const sampler = setInterval(() => (peakMiB = Math.max(peakMiB, api.process.rssMiB())), 1_000);
      await Promise.all(
        Array.from({ length: CLIENTS }, async (_, client) => {
          for (let i = client; Date.now() < until; i++) {
            const call = mix[i % mix.length]!;
            const status = await send(call);
            const key = `${call.bad ? 'bad' : 'good'} ${status}`;
            statuses.set(key, (statuses.get(key) ?? 0) + 1);
            if (status === 0 || status >= 500 || (!call.bad && status >= 400 && status !== 429)) {
              const what = `${call.method} ${call.path.slice(0, 80)} -> ${status || 'no answer'}`;
              failures.set(what, (failures.get(what) ?? 0) + 1);
            }
          }
        }),
      );
      clearInterval(sampler);
      const total = [...statuses.values()].reduce((a, b) => a + b, 0);
      // Memory: give the API up to a minute of quiet to hand back what the load took.
      const nearMiB = Math.max(baselineMiB * 1.25, baselineMiB + 40);
      let afterMiB = api.process.rssMiB();
      for (const stopAt = Date.now() + 60_000; afterMiB > nearMiB && Date.now() < stopAt; afterMiB = api.process.rssMiB()) {
        await send(mix[0]!);
        await new Promise((r) => setTimeout(r, 2_000));
      }
      const problems = [...failures].map(([what, n]) => `${n} x ${what}`);
      if (afterMiB > nearMiB) problems.push(`API memory did not come back: ${baselineMiB} MiB before, ${peakMiB} MiB peak, ${afterMiB} MiB a minute after (allowed ${Math.round(nearMiB)} MiB)`);
      const bad = [...statuses].filter(([k]) => k.startsWith('bad')).reduce((n, [, v]) => n + v, 0);
      return {
        faults: bad,
        faultsInWords: `${CLIENTS} clients for ${seconds} s: ${total} requests (${Math.round(total / seconds)}/s), ${bad} of them bad input`,
        tally: emptyTally(),
        problems,
        notes: [`answers: ${[...statuses].sort().map(([k, v]) => `${k}: ${v}`).join(', ')}`, `API resident memory: ${baselineMiB} MiB before, ${peakMiB} MiB peak, ${afterMiB} MiB after`],
      };
    },
  };
}
