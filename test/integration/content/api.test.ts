import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workflowIds } from '../../../temporal-config/workflow-ids.js';
import { createWrittenPost } from '../../support/content.js';
import { runCli, waitFor } from '../../support/processes.js';
import { createTestUser, startStack, type TestStack, type TestUser } from '../../support/stack.js';
import { zonePastDigestTime } from '../../support/zones.js';

let stack: TestStack;
let owner: TestUser;
let stranger: TestUser;
const timeZone = zonePastDigestTime();
const profile = {
  businessName: 'Nordlicht Coffee',
  industry: 'coffee roastery',
  audience: 'office workers who love good coffee',
  brandVoice: 'friendly and knowledgeable',
  goals: ['grow the newsletter'],
  platforms: ['linkedin', 'x'],
  timeZone,
  postsPerDay: 1,
};

beforeAll(async () => {
  stack = await startStack();
  owner = await createTestUser(stack, { name: 'Lena', timeZone });
  stranger = await createTestUser(stack, { name: 'Other Org' });
});
/** Users whose profile started a cycle: each test onboards its own, none relies on another's. */
const onboarded: TestUser[] = [];
afterAll(async () => {
  for (const user of onboarded) await stack.temporal.workflow.getHandle(workflowIds.cycle(user.orgId, user.userId)).terminate('test over').catch(() => undefined);
  await stack?.stop();
});

function saveProfile(user: TestUser) {
  onboarded.push(user);
  return user.request(`/api/v1/orgs/${user.orgId}/profiles/${user.userId}`, { method: 'PUT', json: profile });
}

const orgPath = (_user: TestUser, path: string) => `/api/v1/orgs/${owner.orgId}${path}`;

describe('onboarding starts the daily cycle', () => {
  it('refuses a profile with an unknown zone and no platform, naming both fields', async () => {
    const res = await owner.request(`/api/v1/orgs/${owner.orgId}/profiles/${owner.userId}`, { method: 'PUT', json: { ...profile, timeZone: 'Moon/Base', platforms: [] } });
    expect(res.status).toBe(422);
    const { error } = await res.json();
    expect(error.message).toContain('timeZone');
    expect(error.message).toContain('platforms');
  });

  it('saves the profile (201) and the cycle runs, findable by its id', async () => {
    const res = await saveProfile(owner);
    expect(res.status).toBe(201);
    expect((await res.json()).cycle.workflowId).toBe(workflowIds.cycle(owner.orgId, owner.userId));
    const state = await waitFor(async () => {
      const r = await owner.request(`/api/v1/orgs/${owner.orgId}/cycles/${owner.userId}`);
      const body = await r.json();
      return body.state?.nextRunAt ? body.state : undefined;
    }, 20_000, 'cycle state');
    expect(state.timeZone).toBe(timeZone);
  });

  it('saving again answers 200 and keeps one cycle', async () => {
    const user = await createTestUser(stack, { name: 'Sam', timeZone });
    expect((await saveProfile(user)).status).toBe(201);
    const cycle = stack.temporal.workflow.getHandle(workflowIds.cycle(user.orgId, user.userId));
    const { runId } = await cycle.describe();
    expect((await saveProfile(user)).status).toBe(200);
    // The same run goes on: saving again neither restarts the cycle nor starts a second one.
    const again = await cycle.describe();
    expect(again).toMatchObject({ runId, status: { name: 'RUNNING' } });
    const runs: string[] = [];
    for await (const wf of stack.temporal.workflow.list({ query: `WorkflowId="${workflowIds.cycle(user.orgId, user.userId)}"` })) runs.push(wf.runId);
    expect(runs).toEqual([runId]);
  });
});

describe('run now, then approve and reject through the API', () => {
  let postIds: string[];
  let owner: TestUser;
  let viewer: TestUser;
  beforeAll(async () => {
    owner = await createTestUser(stack, { name: 'Jana', timeZone });
    viewer = await createTestUser(stack, { orgId: owner.orgId, role: 'viewer', name: 'Vic' });
    expect((await saveProfile(owner)).status).toBe(201);
    const res = await owner.request(`/api/v1/orgs/${owner.orgId}/cycles/${owner.userId}/run-now`, { method: 'POST' });
    expect(res.status).toBe(202);
    const created = await waitFor(async () => {
      const r = await owner.request(`/api/v1/orgs/${owner.orgId}/cycles/${owner.userId}`);
      return (await r.json()).state.lastRun?.created as number | undefined;
    }, 90_000, 'the manual run');
    postIds = await waitFor(async () => {
      const r = await owner.request(`/api/v1/orgs/${owner.orgId}/posts?stage=awaiting_approval`);
      const { posts } = await r.json();
      return posts.length === created && created > 0 ? posts.map((p: { id: string }) => p.id) : undefined;
    }, 30_000, 'posts awaiting approval');
  });

  it('shows a post with its copy per platform and a link to its workflow', async () => {
    const res = await owner.request(`/api/v1/orgs/${owner.orgId}/posts/${postIds[0]}`);
    const body = await res.json();
    expect(body.targets.map((t: { platform: string }) => t.platform).sort()).toEqual(['linkedin', 'x']);
    expect(body.workflow.stage).toBe('awaiting_approval');
    expect(body.temporalUi).toContain(workflowIds.post(postIds[0]!));
  });

  it('forbids a viewer to approve (403)', async () => {
    const res = await viewer.request(`/api/v1/orgs/${owner.orgId}/posts/${postIds[0]}/approve`, { method: 'POST' });
    expect(res.status).toBe(403);
  });

  it('refuses a rejection without a reason with 422, and accepts one with a reason', async () => {
    const bad = await owner.request(`/api/v1/orgs/${owner.orgId}/posts/${postIds[0]}/reject`, { method: 'POST', json: { reason: '' } });
    expect(bad.status).toBe(422);
    const ok = await owner.request(`/api/v1/orgs/${owner.orgId}/posts/${postIds[0]}/reject`, { method: 'POST', json: { reason: 'Mention the new single origin' } });
    expect(ok.status).toBe(200);
  });

  it('approves a post (herald post approve) and then refuses a copy edit on it with 409', async () => {
    await waitFor(async () => {
      const r = await owner.request(`/api/v1/orgs/${owner.orgId}/posts/${postIds[0]}`);
      return (await r.json()).workflow?.stage === 'awaiting_approval' ? true : undefined;
    }, 30_000, 'the replacement');
    const cli = await runCli(['post', 'approve', postIds[0]!, '--json'], { HERALD_API_URL: stack.baseUrl, HERALD_API_TOKEN: owner.token });
    expect(cli.code, cli.stdout + cli.stderr).toBe(0);
    expect(JSON.parse(cli.stdout).state.approvals).toEqual([owner.userId]);
    const edit = await owner.request(`/api/v1/orgs/${owner.orgId}/posts/${postIds[0]}`, { method: 'PATCH', json: { targets: [{ platform: 'x', text: 'new words' }] } });
    expect(edit.status).toBe(409);
    expect((await edit.json()).error.message).toContain('locked');
  });

  it('lists the posts with the CLI', async () => {
    const cli = await runCli(['post', 'list', '--json'], { HERALD_API_URL: stack.baseUrl, HERALD_API_TOKEN: owner.token });
    expect(JSON.parse(cli.stdout).posts.map((p: { id: string }) => p.id)).toEqual(expect.arrayContaining(postIds));
  });
});

describe('tenant isolation', () => {
  it('another org\'s user gets 404 for this org\'s posts, cycles and profiles', async () => {
    for (const [method, path] of [
      ['GET', '/posts'],
      ['GET', `/cycles/${owner.userId}`],
      ['POST', `/cycles/${owner.userId}/run-now`],
      ['PUT', `/profiles/${owner.userId}`],
    ] as const) {
      const res = await stranger.request(orgPath(stranger, path), { method, json: method === 'PUT' ? profile : undefined });
      expect(res.status, `${method} ${path}`).toBe(404);
    }
  });

  it('a post of another org is not found through one\'s own org', async () => {
    const postId = await createWrittenPost(stack, owner, new Date(Date.now() + 3_600_000));
    for (const path of [`/posts/${postId}`, `/posts/${postId}/approve`]) {
      const res = await stranger.request(`/api/v1/orgs/${stranger.orgId}${path}`, { method: path.endsWith('approve') ? 'POST' : 'GET' });
      expect(res.status, path).toBe(404);
    }
  });

  it('a user of another org cannot be addressed as a cycle user', async () => {
    const res = await owner.request(`/api/v1/orgs/${owner.orgId}/cycles/${stranger.userId}`);
    expect(res.status).toBe(404);
  });
});
