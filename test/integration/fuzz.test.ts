import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../support/processes.js';
import { startRouteWorld, type RouteWorld } from '../support/route-world.js';

/**
 * schemathesis (PyPI, installed by scripts/setup.sh) against the running API, from its own
 * OpenAPI document: generated valid and invalid requests to every operation, authenticated as the
 * owner of org A of the route world (billing, sandbox accounts, a post, a cycle and a weekly plan),
 * with path ids pointing at its real objects. No answer may be a 5xx, and no success may break the
 * schema the document gives it. Bounded: a few examples per operation, one worker, a hard timeout.
 * HERALD_FUZZ_EXAMPLES and HERALD_FUZZ_SEED vary the run; HERALD_FUZZ_REPORT=<dir> keeps a HAR.
 */
const MAX_EXAMPLES = Number(process.env.HERALD_FUZZ_EXAMPLES ?? 8);
const HARD_TIMEOUT_MS = 240_000;

let w: RouteWorld;
beforeAll(async () => {
  w = await startRouteWorld();
}, 300_000);
afterAll(() => w?.stop());

/** Real ids for the path parameters (test/fuzz/schemathesis.toml reads them). */
async function pathIds(): Promise<Record<string, string>> {
  const owner = w.a.members.owner;
  // A token of its own to revoke: revoking the one the run uses would leave the rest at 401.
  const spare = (await (await owner.request('/api/v1/me/tokens', { method: 'POST', json: { label: 'fuzz spare' } })).json()) as { id: string };
  return {
    HERALD_FUZZ_TOKEN: owner.token,
    HERALD_FUZZ_ORG: w.a.orgId,
    HERALD_FUZZ_USER: owner.userId,
    HERALD_FUZZ_POST: w.a.postId,
    HERALD_FUZZ_ACCOUNT: w.a.accountId,
    HERALD_FUZZ_PLAN_START: w.planStart,
    HERALD_FUZZ_TOKEN_ID: spare.id,
  };
}

function schemathesis(args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    // Its cache (.schemathesis/) goes to a folder of its own, not the checkout.
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-fuzz-'));
    const child = spawn('schemathesis', args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), HARD_TIMEOUT_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('the API under schemathesis', () => {
  it('answers every generated request without a 5xx or a success that breaks its schema', { timeout: HARD_TIMEOUT_MS + 30_000 }, async () => {
    const { code, output } = await schemathesis(
      [
        '--config-file', path.join(ROOT, 'test/fuzz/schemathesis.toml'),
        'run', `${w.stack.baseUrl}/api/v1/openapi.json`,
        '--url', w.stack.baseUrl,
        '--checks', 'not_a_server_error,response_schema_conformance',
        '--max-examples', String(MAX_EXAMPLES),
        '--phases', 'examples,coverage,fuzzing',
        '--workers', '1',
        '--seed', process.env.HERALD_FUZZ_SEED ?? '11',
        '--suppress-health-check', 'all',
        ...(process.env.HERALD_FUZZ_REPORT ? ['--report', 'har', '--report-dir', process.env.HERALD_FUZZ_REPORT] : []),
      ],
      await pathIds(),
    );
    expect(code, output.slice(-12_000)).toBe(0);
  });
});
