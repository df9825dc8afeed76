import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mediaKey } from '../../core/media-keys.js';
import { brandProfiles, mediaObjects } from '../../db/schema/index.js';
import { workflowIds } from '../../temporal-config/workflow-ids.js';
import { createTestUser, startStack, type TestStack, type TestUser } from '../support/stack.js';

let stack: TestStack;
let owner: TestUser;
let viewer: TestUser;
let stranger: TestUser;
let logoKey: string;

const required = {
  businessName: 'O Co Surf School',
  industry: 'surf school',
  audience: 'tourists and families on holiday',
  brandVoice: 'warm and encouraging',
  platforms: ['instagram', 'facebook', 'x'],
  timeZone: 'Europe/London',
  postsPerDay: 1,
};

const details = {
  website: 'https://ocosurf.example',
  promotions: [{ name: 'Beginner surf lessons', url: 'https://ocosurf.example/lessons', offer: 'First lesson 20% off in April', utm: { campaign: 'spring-lessons' } }],
  businessType: 'b2c',
  companySize: '1-10',
  geographicReach: 'local',
  locations: ['Newquay'],
  languages: ['en-GB'],
  businessStage: 'growth',
  audienceDetails: { ageMin: 18, ageMax: 45, demographics: 'Holidaymakers', interests: ['surfing', 'beach holidays'] },
  tone: 'conversational',
  messagingStyle: 'storytelling',
  goalKpis: [{ goal: 'More lesson bookings', kpi: 'Bookings from social links per month', target: '40 a month' }],
  monthlyBudget: { amount: 300, currency: 'GBP' },
  approvalMinutesPerWeek: 60,
  platformPriorities: [
    { platform: 'instagram', rank: 1, postsPerWeek: 5 },
    { platform: 'facebook', rank: 2, postsPerWeek: 3 },
  ],
  contentTypes: ['tip', 'behind_the_scenes', 'offer'],
  competitors: [{ name: 'Wave Riders Academy', handles: [{ platform: 'instagram', handle: '@waveriders' }] }],
};

const path = (user: TestUser, orgId = user.orgId) => `/api/v1/orgs/${orgId}/profiles/${user.userId}`;
const put = (user: TestUser, json: unknown) => user.request(path(user), { method: 'PUT', json });

beforeAll(async () => {
  stack = await startStack();
  owner = await createTestUser(stack, { name: 'Oona' });
  viewer = await createTestUser(stack, { orgId: owner.orgId, role: 'viewer', name: 'Vic' });
  stranger = await createTestUser(stack, { name: 'Other Org' });
  logoKey = mediaKey(owner.orgId, 'image', randomUUID());
  await stack.database.db.insert(mediaObjects).values({ orgId: owner.orgId, kind: 'image', store: 'local', storageKey: logoKey, mimeType: 'image/jpeg', sizeBytes: 10 });
});
afterAll(async () => {
  await stack.temporal.workflow.getHandle(workflowIds.cycle(owner.orgId, owner.userId)).terminate('test over').catch(() => undefined);
  await stack?.stop();
});

describe('the brand profile\'s onboarding details', () => {
  it('the org names who has a profile (none before the first save), so the web app knows whom to onboard', async () => {
    const fresh = await createTestUser(stack, { name: 'Nia' });
    const before = await fresh.request(`/api/v1/orgs/${fresh.orgId}`);
    expect((await before.json()).brandProfileUserIds).toEqual([]);
    expect((await put(fresh, required)).status).toBe(201);
    const after = await fresh.request(`/api/v1/orgs/${fresh.orgId}`);
    expect((await after.json()).brandProfileUserIds).toEqual([fresh.userId]);
    await stack.temporal.workflow.getHandle(workflowIds.cycle(fresh.orgId, fresh.userId)).terminate('test over');
  });

  it('are saved with the profile and read back as they were sent', async () => {
    const visualStyle = { primaryColour: '#0B4F6C', secondaryColour: '#F4D35E', textColour: '#FFFFFF', logoMediaKey: logoKey, mood: 'bold' };
    const saved = await put(owner, { ...required, ...details, visualStyle });
    expect(saved.status).toBe(201);
    expect((await saved.json()).profile).toMatchObject({ ...required, ...details, visualStyle });

    const read = await owner.request(path(owner));
    expect(read.status).toBe(200);
    expect((await read.json()).profile).toMatchObject({ ...required, ...details, visualStyle });
    const [row] = await stack.database.db.select().from(brandProfiles).where(and(eq(brandProfiles.orgId, owner.orgId), eq(brandProfiles.userId, owner.userId)));
    expect(row!.details).toMatchObject({ website: details.website, visualStyle });
  });

  it('are all optional: a profile with only what the cycle needs is saved, and saving it again clears the details', async () => {
    const res = await put(owner, required);
    expect(res.status).toBe(200);
    const { profile } = await (await owner.request(path(owner))).json();
    expect(profile.website).toBeUndefined();
    expect(profile.platformPriorities).toBeUndefined();
  });

  it('refuses invalid details with 422 naming each field to fix', async () => {
    const res = await put(owner, {
      ...required,
      website: 'ocosurf',
      platformPriorities: [{ platform: 'tiktok', rank: 1, postsPerWeek: 30 }],
      visualStyle: { primaryColour: 'blue' },
      audienceDetails: { ageMin: 50, ageMax: 20 },
    });
    expect(res.status).toBe(422);
    const { error } = await res.json();
    const fields = (error.details as { field: string }[]).map((d) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['website', 'platformPriorities.0.postsPerWeek', 'visualStyle.primaryColour', 'audienceDetails']));
    expect(error.message).toContain('must be a full web address');
    expect(error.message).toContain('must be a colour as #RRGGBB');
  });

  it('refuses a posting frequency for a platform the profile does not use', async () => {
    const res = await put(owner, { ...required, platformPriorities: [{ platform: 'tiktok', rank: 1, postsPerWeek: 3 }] });
    expect(res.status).toBe(422);
    expect((await res.json()).error.message).toContain('tiktok must also be in platforms');
  });

  it('refuses a logo that is not an image in this org\'s media store', async () => {
    const foreign = mediaKey(stranger.orgId, 'image', randomUUID());
    const res = await put(owner, { ...required, visualStyle: { logoMediaKey: foreign } });
    expect(res.status).toBe(422);
    expect((await res.json()).error.message).toContain('upload the logo first');
  });

  it('answers 404 to another org and 403 to a viewer reading someone else\'s profile', async () => {
    expect((await stranger.request(path(owner))).status).toBe(404);
    expect((await viewer.request(path(owner))).status).toBe(403);
    expect((await viewer.request(path(viewer))).status).toBe(404);
  });

  it('each have an example in the OpenAPI document', async () => {
    const doc = await (await fetch(`${stack.baseUrl}/api/v1/openapi.json`)).json();
    const schema = doc.paths['/api/v1/orgs/{orgId}/profiles/{userId}'].put.requestBody.content['application/json'].schema;
    const missing = Object.entries(schema.properties as Record<string, { examples?: unknown[] }>).filter(([, s]) => !s.examples?.length).map(([name]) => name);
    expect(missing).toEqual([]);
    expect(doc.paths['/api/v1/orgs/{orgId}/profiles/{userId}'].get).toBeDefined();
  });
});
