import { CliError, failOnError, type ApiClient } from '../api-client.js';
import type { Command, CommandContext } from '../command.js';
import { resolveCycleScope } from '../scope.js';

/** `herald strategy ...`: read the weekly strategy and the month's themes, and decide on it, through the API. */

const strategyOptions = { org: { type: 'string' }, user: { type: 'string' } } as const;

type Decision =
  | { state: 'waiting'; expiresAt: string | null }
  | { state: 'approved'; by: string | null; at: string | null }
  | { state: 'modified'; instructions: string | null; by: string | null; at: string | null }
  | { state: 'regenerated'; by: string | null; at: string | null }
  | { state: 'expired'; at: string | null };

interface StrategySummary {
  id: string;
  userId: string;
  planStart: string;
  weekStart: string;
  purpose: 'presentation' | 'batch';
  version: number;
  regeneratedWith: string | null;
  decision: Decision;
}

interface Strategy extends StrategySummary {
  themes: string[];
  days: { date: string; posts: { platform: string; time: string; contentType: string; brief: string; predictedEngagementRate: number; confidence: number }[] }[];
  monthTheme: { month: string; week?: number; title?: string; angle?: string } | null;
  learning: { analysis: { headline?: string; recommendations?: string[] } } | null;
}

const percent = (n: number) => `${(n * 100).toFixed(1)}%`;
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const weekday = (date: string) => WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()];

function decisionLine(d: Decision): string {
  switch (d.state) {
    case 'waiting':
      return `waiting for a decision${d.expiresAt ? ` until ${d.expiresAt} (then Herald uses its default plan)` : ''}`;
    case 'approved':
      return `approved${d.by ? ` by ${d.by}` : ''}${d.at ? ` at ${d.at}` : ''}`;
    case 'modified':
      return `changes asked${d.by ? ` by ${d.by}` : ''}${d.at ? ` at ${d.at}` : ''}: "${d.instructions ?? ''}" (a new version was written)`;
    case 'regenerated':
      return `rejected${d.by ? ` by ${d.by}` : ''}${d.at ? ` at ${d.at}` : ''} (a new version was written)`;
    case 'expired':
      return `expired without a decision${d.at ? ` at ${d.at}` : ''}: the default plan was used`;
  }
}

const headline = (s: StrategySummary) => `Week of ${s.weekStart} (plan ${s.planStart}, v${s.version}${s.purpose === 'batch' ? ', batch' : ''}): ${decisionLine(s.decision)}`;

export function strategyText(s: Strategy): string {
  const learning = s.learning?.analysis;
  return [
    headline(s),
    s.regeneratedWith ? `Written with your instructions: "${s.regeneratedWith}"` : undefined,
    `Themes: ${s.themes.join('; ')}`,
    s.monthTheme?.title ? `Month theme (${s.monthTheme.month}, week ${s.monthTheme.week}): ${s.monthTheme.title}${s.monthTheme.angle ? `: ${s.monthTheme.angle}` : ''}` : 'Month theme: none planned for this month yet',
    learning ? `Built from last week's analysis: ${learning.headline ?? ''}${(learning.recommendations ?? []).map((r) => `\n  - ${r}`).join('')}` : 'Built without a learning analysis (no results yet)',
    ...s.days.flatMap((day) => [
      `${weekday(day.date)} ${day.date}`,
      ...day.posts.map((p) => `  ${p.time}  ${p.platform.padEnd(9)} ${p.contentType.padEnd(18)} predicted ${percent(p.predictedEngagementRate)} (confidence ${percent(p.confidence)})\n         ${p.brief}`),
    ]),
    s.decision.state === 'waiting' ? 'Decide: herald strategy approve | herald strategy modify --instructions "..." | herald strategy regenerate' : undefined,
  ]
    .filter((line) => line !== undefined)
    .join('\n');
}

/** `which` is a strategy id or `current?userId=...`. */
async function readStrategy(api: ApiClient, orgId: string, which: string): Promise<Strategy> {
  const { status, body } = await api.request<{ strategy: Strategy }>('GET', `/api/v1/orgs/${orgId}/strategies/${which}`);
  failOnError(status, body);
  return body.strategy;
}

const strategyShow: Command = {
  name: 'strategy show',
  summary: 'Show the current weekly strategy in full (or one by id): themes, each day\'s posts, predictions, the decision',
  options: strategyOptions,
  async run({ api, options, positionals }) {
    const { orgId, userId } = await resolveCycleScope(api, options);
    const id = positionals[0];
    const strategy = await readStrategy(api, orgId, id ? encodeURIComponent(id) : `current?userId=${encodeURIComponent(userId)}`);
    return { data: { strategy }, text: strategyText(strategy) };
  },
};

const strategyList: Command = {
  name: 'strategy list',
  summary: 'List past weekly strategies, newest week first (--limit, --cursor for the next page)',
  options: { ...strategyOptions, limit: { type: 'string' }, cursor: { type: 'string' } },
  async run({ api, options }) {
    const { orgId, userId } = await resolveCycleScope(api, options);
    const query = new URLSearchParams({ userId });
    if (typeof options.limit === 'string') query.set('limit', options.limit);
    if (typeof options.cursor === 'string') query.set('cursor', options.cursor);
    const { status, body } = await api.request<{ strategies: StrategySummary[]; nextCursor: string | null }>('GET', `/api/v1/orgs/${orgId}/strategies?${query}`);
    failOnError(status, body);
    const lines = body.strategies.map((s) => `${s.id}  ${headline(s)}`);
    if (body.nextCursor) lines.push(`More: herald strategy list --cursor ${body.nextCursor}`);
    return { data: body, text: lines.length ? lines.join('\n') : 'No weekly strategies yet.' };
  },
};

const strategyThemes: Command = {
  name: 'strategy themes',
  summary: 'Show the 30-day themes of a month (YYYY-MM, default this month)',
  options: strategyOptions,
  async run({ api, options, positionals }) {
    const { orgId, userId } = await resolveCycleScope(api, options);
    const month = positionals[0] ?? new Date().toISOString().slice(0, 7);
    const { status, body } = await api.request<{ monthlyThemes: { month: string; themes: { week: number; title: string; angle: string; contentTypes: string[] }[] } }>(
      'GET',
      `/api/v1/orgs/${orgId}/monthly-themes/${encodeURIComponent(month)}?userId=${encodeURIComponent(userId)}`,
    );
    failOnError(status, body);
    const lines = body.monthlyThemes.themes.map((t) => `Week ${t.week}: ${t.title}\n  ${t.angle}\n  content: ${t.contentTypes.join(', ')}`);
    return { data: body, text: [`30-day themes for ${body.monthlyThemes.month}`, ...lines].join('\n') };
  },
};

function strategyDecision(action: 'approve' | 'modify' | 'regenerate', summary: string): Command {
  return {
    name: `strategy ${action}`,
    summary,
    options: { ...strategyOptions, ...(action === 'modify' ? { instructions: { type: 'string' } } : {}) },
    required: action === 'modify' ? ['instructions'] : [],
    async run(ctx: CommandContext) {
      const { orgId, userId } = await resolveCycleScope(ctx.api, ctx.options);
      const current = await readStrategy(ctx.api, orgId, `current?userId=${encodeURIComponent(userId)}`);
      if (current.decision.state !== 'waiting') {
        throw new CliError(`The strategy for the week of ${current.weekStart} is not waiting for a decision: ${decisionLine(current.decision)}.`, 1);
      }
      const body =
        action === 'approve' ? { decision: 'approve_all' } : action === 'modify' ? { decision: 'modify_strategy', instructions: ctx.options.instructions } : { decision: 'reject_and_regenerate' };
      const res = await ctx.api.request<{ state: { status: string; version: number } }>('POST', `/api/v1/orgs/${orgId}/weekly/${current.userId}/${current.planStart}/decision`, body);
      failOnError(res.status, res.body);
      const text =
        action === 'approve'
          ? `Approved the strategy for the week of ${current.weekStart}; Herald creates its posts on the batch days.`
          : `Asked for a new version of the strategy for the week of ${current.weekStart}; see it with: herald strategy show`;
      return { data: res.body, text };
    },
  };
}

export const STRATEGY_COMMANDS: Command[] = [
  strategyShow,
  strategyList,
  strategyThemes,
  strategyDecision('approve', 'Approve the current weekly strategy'),
  strategyDecision('modify', 'Ask for changes to the current weekly strategy: --instructions "what to change"'),
  strategyDecision('regenerate', 'Reject the current weekly strategy and have a new one written'),
];
