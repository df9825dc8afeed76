/**
 * What each AI call costs, in US dollars, from the providers' published price lists as read on
 * 2026-11-22 (sources in docs/ai.md). Pure: the usage ledger multiplies the units a provider
 * reported by these rates. Unknown models (a local Ollama model, say) cost nothing.
 */
export const PRICES_AS_OF = '2026-11-22';

export interface TokenRates {
  kind: 'tokens';
  /** Dollars per million tokens. */
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
}

export interface ImageRates {
  kind: 'image';
  /** Dollars per image by quality: [square 1024x1024, any other size]. */
  perImage: Record<'low' | 'medium' | 'high', [number, number]>;
}

export interface SpeechRates {
  kind: 'speech';
  perMinute: number;
}

export type Rates = TokenRates | ImageRates | SpeechRates;

const tokens = (input: number, output: number, cacheRead: number, cacheWrite: number): TokenRates => ({
  kind: 'tokens',
  input,
  output,
  cacheRead,
  cacheWrite,
});

export const PRICE_TABLE: Record<string, Rates> = {
  // Anthropic (platform.claude.com pricing; Haiku 5.5 prompts over 100k tokens cost 5x, never reached here)
  'claude-haiku-5-5': tokens(0.1, 0.5, 0.01, 0.125),
  'claude-sonnet-5-5': tokens(2, 10, 0.1, 2.5),
  'claude-haiku-4-5': tokens(1, 5, 0.1, 1.25),
  // OpenAI (developers.openai.com pricing); cache writes are free on OpenAI's automatic caching
  'gpt-6-luna': tokens(0.1, 0.5, 0.01, 0),
  'gpt-6-sol': tokens(2, 10, 0.2, 0),
  'gpt-5.4-mini': tokens(0.75, 4.5, 0.075, 0),
  'gpt-5.4-nano': tokens(0.2, 1.25, 0.02, 0),
  'gpt-image-1-mini': { kind: 'image', perImage: { low: [0.005, 0.006], medium: [0.011, 0.015], high: [0.036, 0.052] } },
  // Estimated by OpenAI at $0.015 per minute of generated audio
  'gpt-4o-mini-tts': { kind: 'speech', perMinute: 0.015 },
};

export interface TokenUsage {
  /** Input tokens billed at the full rate (not read from or written to a cache). */
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
}

/** Dated ids (claude-haiku-5-5-20261007, gpt-6-luna-2026-09-22) are priced as their base model. */
export function ratesFor(model: string): Rates | undefined {
  if (PRICE_TABLE[model]) return PRICE_TABLE[model];
  const base = Object.keys(PRICE_TABLE)
    .filter((name) => model.startsWith(`${name}-`))
    .sort((a, b) => b.length - a.length)[0];
  return base ? PRICE_TABLE[base] : undefined;
}

const perMillion = (count: number, rate: number) => (count * rate) / 1_000_000;

export function tokenCostUsd(model: string, usage: TokenUsage): number {
  const rates = ratesFor(model);
  if (rates?.kind !== 'tokens') return 0;
  return (
    perMillion(usage.inputTokens, rates.input) +
    perMillion(usage.outputTokens, rates.output) +
    perMillion(usage.cacheReadTokens, rates.cacheRead) +
    perMillion(usage.cacheWriteTokens, rates.cacheWrite)
  );
}

export function imageCostUsd(model: string, quality: 'low' | 'medium' | 'high', size: string, count = 1): number {
  const rates = ratesFor(model);
  if (rates?.kind !== 'image') return 0;
  const [square, other] = rates.perImage[quality];
  return (size === '1024x1024' ? square : other) * count;
}

export function speechCostUsd(model: string, seconds: number): number {
  const rates = ratesFor(model);
  if (rates?.kind !== 'speech') return 0;
  return (rates.perMinute * seconds) / 60;
}
