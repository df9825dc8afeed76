import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createActivities } from '../../../activities/index.js';
import { loadBillingConfig } from '../../../config/billing.js';
import { openDatabase, type DatabaseHandle } from '../../../db/client.js';
import { aiUsage } from '../../../db/schema/index.js';
import type { LlmEmulator } from '../../../emulators/llm/server.js';
import { bakeryProfile, emulatorConfig, seedBrand, startAiEmulator } from '../../support/ai.js';
import { testDatabaseUrl } from '../../support/database.js';

let database: DatabaseHandle;
let emulator: LlmEmulator;
beforeAll(async () => {
  database = openDatabase(testDatabaseUrl(), 3);
  emulator = await startAiEmulator();
});
afterAll(async () => {
  await emulator?.close();
  await database?.close();
});
beforeEach(() => emulator.reset());

/** The fast model is the pricier one here, so a switch to the economy model is visible. */
const env = { AI_ANTHROPIC_MODEL_FAST: 'claude-sonnet-5-5', AI_ANTHROPIC_MODEL_ECONOMY: 'claude-haiku-5-5' };
const post = { topic: 'Mince pies', brief: 'Mince pies are back for December.', contentType: 'product' };

/** Billing on (the emulator's keys are not called here), so each org's own plan counts. */
const starterBilling = loadBillingConfig({ STRIPE_SECRET_KEY: 'sk_test_budget', STRIPE_WEBHOOK_SECRET: 'whsec_budget' });

/** Starter plan: $5 a month. */
async function brandHavingSpent(usd: number) {
  const brand = await seedBrand(database.db, bakeryProfile, 'starter');
  await database.db.insert(aiUsage).values({ orgId: brand.orgId, task: 'content.post', kind: 'llm', provider: 'anthropic', model: 'claude-sonnet-5-5', costUsd: usd, latencyMs: 900 });
  return brand;
}

describe('monthly AI budget', () => {
  it('below 80% generates normally and shows no reason', async () => {
    const brand = await brandHavingSpent(3.95);
    const ai = createActivities({ db: database.db, ai: emulatorConfig(emulator, env), billing: starterBilling });
    expect(await ai.checkAiBudget(brand)).toMatchObject({ state: { level: 'normal', reason: null }, newlyCrossed: [] });
    await ai.writePost({ ...brand, platforms: ['instagram'], post });
    expect(emulator.calls[0]!.model).toBe('claude-sonnet-5-5');
  });

  it('at 80% warns the owner once and keeps the normal model', async () => {
    const brand = await brandHavingSpent(4.0);
    const ai = createActivities({ db: database.db, ai: emulatorConfig(emulator, env), billing: starterBilling });
    const first = await ai.checkAiBudget(brand);
    expect(first.newlyCrossed).toEqual(['warned']);
    expect(first.state.reason).toContain('80% of the Starter plan');
    expect((await ai.checkAiBudget(brand)).newlyCrossed).toEqual([]);
    await ai.writePost({ ...brand, platforms: ['instagram'], post });
    expect(emulator.calls[0]!.model).toBe('claude-sonnet-5-5');
  });

  it('at 90% switches to the cheaper model with shorter outputs', async () => {
    const brand = await brandHavingSpent(4.5);
    const ai = createActivities({ db: database.db, ai: emulatorConfig(emulator, env), billing: starterBilling });
    const result = await ai.writePost({ ...brand, platforms: ['instagram'], post });
    expect(result).toMatchObject({ model: 'claude-haiku-5-5', budgetLevel: 'economy' });
    expect(emulator.calls[0]!.maxTokens).toBeLessThan(1800);
    expect((await ai.aiBudgetState(brand)).reason).toMatch(/cheaper model and shorter outputs until 1 [A-Z][a-z]+ \d{4}/);
  });

  it('at 100% stops generating, calls no provider, and the approval queue can say why', async () => {
    const brand = await brandHavingSpent(5.01);
    const ai = createActivities({ db: database.db, ai: emulatorConfig(emulator, env), billing: starterBilling });
    await expect(ai.writePost({ ...brand, platforms: ['instagram'], post })).rejects.toMatchObject({ type: 'AiBudgetExhausted', nonRetryable: true });
    await expect(ai.generateImage({ orgId: brand.orgId, prompt: 'A mince pie on a plate', altText: 'A mince pie', aspect: '1:1' })).rejects.toMatchObject({ type: 'AiBudgetExhausted' });
    expect(emulator.calls).toEqual([]);
    const state = await ai.aiBudgetState(brand);
    expect(state.level).toBe('exhausted');
    expect(state.reason).toMatch(/stopped generating new content until .* or until the plan is upgraded/);
    expect((await ai.checkAiBudget(brand)).newlyCrossed).toEqual(['warned', 'economy', 'exhausted']);
  });

  it("with billing off follows the configured plan's budget, not the plan stored on the organization", async () => {
    const brand = await brandHavingSpent(4.5);
    const billingOff = createActivities({ db: database.db, ai: emulatorConfig(emulator, env), billing: loadBillingConfig({}) });
    expect(await billingOff.aiBudgetState(brand)).toMatchObject({ level: 'normal', budgetUsd: 50 });
    const offOnStarter = createActivities({ db: database.db, ai: emulatorConfig(emulator, env), billing: loadBillingConfig({ HERALD_DEFAULT_PLAN: 'starter' }) });
    expect(await offOnStarter.aiBudgetState(brand)).toMatchObject({ level: 'economy', budgetUsd: 5 });
  });

  it('counts paid platform calls against the same budget', async () => {
    const brand = await brandHavingSpent(3.99);
    const ai = createActivities({ db: database.db, ai: emulatorConfig(emulator, env), billing: starterBilling });
    await ai.recordPlatformSpend({ orgId: brand.orgId, platform: 'x', operation: 'create_post', costUsd: 0.015, latencyMs: 300 });
    expect((await ai.aiBudgetState(brand)).level).toBe('warned');
  });
});
