import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSupportStaff, createTestUser, startStack, type TestStack, type TestUser } from '../support/stack.js';

let stack: TestStack;
let owner: TestUser;
const profile = {
  businessName: 'Kiosk 7',
  industry: 'newsagent',
  audience: 'commuters',
  brandVoice: 'brisk',
  platforms: ['x'],
  timeZone: 'Europe/Berlin',
};

beforeAll(async () => {
  stack = await startStack({ worker: false });
  owner = await createTestUser(stack, { name: 'Nina' });
});
afterAll(() => stack?.stop());

const org = (path: string) => `/api/v1/orgs/${owner.orgId}${path}`;
const fakePost = '00000000-0000-4000-8000-000000000000';

async function refusal(res: Response) {
  expect(res.status, `${res.url}`).toBe(422);
  const { error } = await res.json();
  return error as { code: string; message: string; details: { field: string; problem: string }[] };
}

describe('request bodies', () => {
  it('refuses unknown fields with 422, naming each one, on every kind of write', async () => {
    const cases: [string, string, Record<string, unknown>, string][] = [
      ['PUT', org(`/profiles/${owner.userId}`), { ...profile, postsPerDya: 2 }, 'postsPerDya'],
      ['PATCH', org(''), { requireSecondApprover: true, leadMinutes: 10 }, 'leadMinutes'],
      ['POST', org(`/posts/${fakePost}/reject`), { reason: 'off-brand', urgent: true }, 'urgent'],
      ['POST', org(`/posts/${fakePost}/approve`), { privacy: { tiktok: 'SELF_ONLY', insta: 'x' } }, 'privacy.insta'],
      ['PATCH', org(`/posts/${fakePost}`), { targets: [{ platform: 'x', text: 'hi', link: 'x' }] }, 'targets.0.link'],
      ['POST', org('/accounts/connect-sandbox'), { platform: 'x', owner: 'me' }, 'owner'],
      ['POST', org(`/weekly/${owner.userId}/2026-11-23/decision`), { decision: 'approve_all', note: 'ok' }, 'note'],
      ['POST', '/api/v1/me/tokens', { label: 'ci', scope: 'all' }, 'scope'],
    ];
    for (const [method, path, json, field] of cases) {
      const error = await refusal(await owner.request(path, { method, json }));
      expect(error.details, `${method} ${path}`).toContainEqual({ field, problem: 'unknown field' });
      expect(error.message).toContain(field);
    }
  });

  it('refuses unknown fields in the replay requests of support staff too', async () => {
    const support = await createSupportStaff(stack, { name: 'Sam' });
    const cases: [string, Record<string, unknown>, string][] = [
      [org(`/publishing/targets/${fakePost}/replay`), { reason: 'token fixed', force: true }, 'force'],
      [org('/publishing/replays'), { platform: 'x', reason: 'X outage', everything: true }, 'everything'],
    ];
    for (const [path, json, field] of cases) {
      const error = await refusal(await support.request(path, { method: 'POST', json }));
      expect(error.details, path).toContainEqual({ field, problem: 'unknown field' });
      expect(error.message).toContain(field);
    }
  });

  it('bounds strings and arrays, naming the field that is too long', async () => {
    const cases: [string, string, Record<string, unknown>, string][] = [
      ['PUT', org(`/profiles/${owner.userId}`), { ...profile, businessName: 'K'.repeat(201) }, 'businessName'],
      ['PUT', org(`/profiles/${owner.userId}`), { ...profile, timeZone: 'Europe/'.padEnd(100, 'x') }, 'timeZone'],
      ['PUT', org(`/profiles/${owner.userId}`), { ...profile, goals: Array.from({ length: 21 }, (_, i) => `goal ${i}`) }, 'goals'],
      ['PATCH', org(`/posts/${fakePost}`), { targets: [{ platform: 'x', text: 'a'.repeat(70_001) }] }, 'targets.0.text'],
      ['PATCH', org(`/posts/${fakePost}`), { hashtags: ['a'.repeat(101)] }, 'hashtags.0'],
      ['POST', '/api/v1/me/tokens', { label: 'l'.repeat(101) }, 'label'],
    ];
    for (const [method, path, json, field] of cases) {
      const error = await refusal(await owner.request(path, { method, json }));
      expect(error.details.map((d) => d.field), `${method} ${path}`).toContain(field);
    }
  });
});
