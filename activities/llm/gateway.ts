import { isProviderConfigured, type AiConfig, type LlmProvider, type RouteStep } from '../../config/ai.js';
import { ratesFor, tokenCostUsd } from '../../core/ai-prices.js';
import type { BudgetLevel } from '../../core/budget.js';
import type { AiLedger } from '../usage/ledger.js';
import { AiBudgetExhaustedError, LlmOutputInvalidError, ProviderUnavailableError } from './errors.js';
import { anthropicProvider } from './providers/anthropic.js';
import { openaiProvider } from './providers/openai.js';
import type { ChatMessage, ChatProvider } from './providers/types.js';
import { parseAnswer, profileSystemText, stableSystemText, userMessageText, type LlmTask, type TaskInput } from './task.js';

export const OFFLINE_WRITER = { provider: 'offline', model: 'herald-offline-writer' } as const;

/** What an agent gets back: the stored output's id plus the output itself for the activity to summarise. */
export interface TaskResult<O> {
  outputId: string;
  output: O;
  provider: string;
  model: string;
  promptVersion: string;
  offlineWritten: boolean;
  budgetLevel: BudgetLevel;
}

export interface Gateway {
  run<I extends TaskInput, O>(task: LlmTask<I, O>, orgId: string, input: I): Promise<TaskResult<O>>;
}

/** Economy (90% of budget) output length, as a share of the task's normal limit. */
const ECONOMY_OUTPUT_SHARE = 0.6;

export function routeFor(config: AiConfig, task: string, tier: 'fast' | 'smart', level: BudgetLevel): RouteStep[] {
  const configured = (p: LlmProvider) => isProviderConfigured(config.providers[p]);
  if (level === 'economy') {
    return config.providerOrder.filter(configured).map((provider) => ({ provider, model: config.providers[provider].models.economy }));
  }
  const steps = config.taskRoutes[task] ?? config.providerOrder.map((provider) => ({ provider, model: config.providers[provider].models[tier] }));
  return steps.filter((s) => configured(s.provider));
}

export function providersFrom(config: AiConfig): Partial<Record<LlmProvider, ChatProvider>> {
  const options = { maxRetries: config.maxRetries, timeoutMs: config.timeoutMs };
  return {
    ...(isProviderConfigured(config.providers.anthropic) && { anthropic: anthropicProvider(config.providers.anthropic, options) }),
    ...(isProviderConfigured(config.providers.openai) && { openai: openaiProvider(config.providers.openai, options) }),
  };
}

export function createGateway(config: AiConfig, ledger: AiLedger, providers = providersFrom(config)): Gateway {
  async function call<I extends TaskInput, O>(task: LlmTask<I, O>, orgId: string, step: RouteStep, messages: ChatMessage[], input: I, level: BudgetLevel) {
    const provider = providers[step.provider];
    if (!provider) throw new ProviderUnavailableError(step.provider, step.model, `${step.provider} is not configured`);
    const started = Date.now();
    const maxOutputTokens = level === 'economy' ? Math.ceil(task.maxOutputTokens * ECONOMY_OUTPUT_SHARE) : task.maxOutputTokens;
    const usageBase = { orgId, task: task.name, kind: 'llm' as const, provider: step.provider, promptVersion: task.prompt.version };
    try {
      const answer = await provider.complete({
        model: step.model,
        stableSystem: stableSystemText(task as LlmTask<TaskInput, unknown>),
        profileSystem: profileSystemText(input.profile),
        messages,
        maxOutputTokens,
      });
      const parsed = parseAnswer(task, answer.text, input);
      await ledger.recordUsage({
        ...usageBase,
        model: answer.model,
        ...answer.usage,
        costUsd: tokenCostUsd(ratesFor(answer.model) ? answer.model : step.model, answer.usage),
        latencyMs: Date.now() - started,
        outcome: parsed.output ? 'ok' : 'invalid_output',
      });
      return { ...parsed, text: answer.text, model: answer.model };
    } catch (err) {
      if (err instanceof ProviderUnavailableError) {
        await ledger.recordUsage({ ...usageBase, model: step.model, costUsd: 0, latencyMs: Date.now() - started, outcome: 'unavailable' });
      }
      throw err;
    }
  }

  /** One call, and when its answer is unusable, one repair call that shows the model what was wrong. */
  async function callWithRepair<I extends TaskInput, O>(task: LlmTask<I, O>, orgId: string, step: RouteStep, input: I, level: BudgetLevel) {
    const brevity = level === 'economy' ? '\nBudget mode: keep every text field as short as the rules allow.' : '';
    const first: ChatMessage = { role: 'user', content: `${userMessageText(input)}${brevity}` };
    const answer = await call(task, orgId, step, [first], input, level);
    if (answer.output || !task.repair) return answer;
    const repair: ChatMessage = {
      role: 'user',
      content: `Your answer could not be used: ${answer.problems.join('; ')}. Reply again with the corrected JSON object only.`,
    };
    const repaired = await call(task, orgId, step, [first, { role: 'assistant', content: answer.text }, repair], input, level);
    if (repaired.output) return repaired;
    throw new LlmOutputInvalidError(task.name, step.provider, repaired.model, repaired.problems);
  }

  return {
    async run<I extends TaskInput, O>(task: LlmTask<I, O>, orgId: string, input: I): Promise<TaskResult<O>> {
      const budget = await ledger.budget(orgId);
      if (budget.level === 'exhausted') throw new AiBudgetExhaustedError(orgId, budget.reason!);
      const save = async (output: O, provider: string, model: string, offlineWritten: boolean): Promise<TaskResult<O>> => {
        const record = { orgId, task: task.name, promptVersion: task.prompt.version, provider, model, offlineWritten, budgetLevel: budget.level, output };
        return { ...record, outputId: await ledger.saveOutput(record) };
      };
      for (const step of routeFor(config, task.name, task.tier, budget.level)) {
        try {
          const answer = await callWithRepair(task, orgId, step, input, budget.level);
          if (answer.output) return save(answer.output, step.provider, answer.model, false);
          break; // an emergency answer that failed its one call: the offline writer is quicker than another provider
        } catch (err) {
          if (!(err instanceof ProviderUnavailableError)) throw err;
        }
      }
      return save(task.offline(input), OFFLINE_WRITER.provider, OFFLINE_WRITER.model, true);
    },
  };
}
