import type { LlmProvider } from '../../../config/ai.js';
import type { TokenUsage } from '../../../core/ai-prices.js';

export interface ChatMessage {
  role: 'user' | 'assistant';
  content: string;
}

export interface ChatRequest {
  model: string;
  /** The task's instructions: identical on every call, so providers can cache it. */
  stableSystem: string;
  /** The brand profile: stable for an organisation across the day's calls, cached after the instructions. */
  profileSystem: string;
  messages: ChatMessage[];
  maxOutputTokens: number;
}

export interface ChatAnswer {
  text: string;
  model: string;
  usage: TokenUsage;
}

export interface ChatProvider {
  readonly name: LlmProvider;
  /** Throws ProviderUnavailableError when the provider cannot answer; any other error is a bug in the request. */
  complete(request: ChatRequest): Promise<ChatAnswer>;
}

/** HTTP statuses after which another provider may well succeed. */
export function isUnavailableStatus(status: number | undefined): boolean {
  return status === undefined || status === 401 || status === 403 || status === 404 || status === 408 || status === 409 || status === 429 || status >= 500;
}
