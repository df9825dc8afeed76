import { CliError, failOnError } from '../api-client.js';
import type { Command, CommandContext } from '../command.js';
import { resolveOrg } from '../scope.js';

/** `herald publish ...`: support's view of failed, unconfirmed and interrupted publishes and their replays, through the API. */

const filterOptions = {
  platform: { type: 'string' },
  'error-kind': { type: 'string' },
  message: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
} as const;

interface TargetLine {
  targetId: string;
  platform: string;
  status: string;
  errorKind: string | null;
  message: string | null;
  attempts: number;
  temporalUi?: string;
}

interface ReplayAnswer {
  outcome: 'started' | 'already_published' | 'refused';
  message: string;
  url?: string;
  workflowId?: string;
  temporalUi?: string;
}

function filtersFrom(options: CommandContext['options']) {
  const pick = (name: string) => (typeof options[name] === 'string' ? (options[name] as string) : undefined);
  return { platform: pick('platform'), errorKind: pick('error-kind'), message: pick('message'), from: pick('from'), to: pick('to') };
}

const targetText = (t: TargetLine) =>
  `${t.targetId}  ${t.platform.padEnd(9)} ${t.status.padEnd(11)} ${String(t.errorKind ?? '-').padEnd(15)} attempts ${t.attempts}\n    ${t.message ?? ''}${t.temporalUi ? `\n    ${t.temporalUi}` : ''}`;

const publishList: Command = {
  name: 'publish list',
  summary: 'List failed, unconfirmed and interrupted publishes (--status failed|unconfirmed|interrupted, --platform, --error-kind, --from/--to; support staff add --reason)',
  options: { org: { type: 'string' }, status: { type: 'string' }, reason: { type: 'string' }, ...filterOptions },
  async run({ api, options }) {
    const orgId = await resolveOrg(api, options);
    // Support staff say why they look (--reason); it goes in the customer's audit log.
    const query = new URLSearchParams(Object.entries({ status: options.status, ...filtersFrom(options), reason: options.reason }).filter((e): e is [string, string] => typeof e[1] === 'string'));
    const { status, body } = await api.request<{ targets: TargetLine[] }>('GET', `/api/v1/orgs/${orgId}/publishing/targets?${query}`);
    failOnError(status, body);
    return { data: body, text: body.targets.length ? body.targets.map(targetText).join('\n') : 'No failed, unconfirmed or interrupted publishes.' };
  },
};

const replayText = (r: ReplayAnswer) => `${r.outcome}: ${r.message}${r.url ? `\n  ${r.url}` : ''}${r.temporalUi ? `\n  ${r.temporalUi}` : ''}`;

const publishReplay: Command = {
  name: 'publish replay',
  summary: 'Replay a failed, unconfirmed or interrupted publish (--target <id> --reason <text>), or all matching filters (--dry-run lists them); Herald support staff only',
  options: { org: { type: 'string' }, target: { type: 'string' }, reason: { type: 'string' }, 'dry-run': { type: 'boolean' }, ...filterOptions },
  required: ['reason'],
  async run({ api, options }) {
    const orgId = await resolveOrg(api, options);
    if (typeof options.target === 'string') {
      const { status, body } = await api.request<ReplayAnswer>('POST', `/api/v1/orgs/${orgId}/publishing/targets/${options.target}/replay`, { reason: options.reason });
      if (status !== 409) failOnError(status, body);
      return { data: body, text: replayText(body), exitCode: body.outcome === 'started' ? 0 : 1 };
    }
    const filters = filtersFrom(options);
    if (!Object.values(filters).some(Boolean)) throw new CliError('Give --target <id>, or filters (--platform, --error-kind, --message, --from, --to) for a bulk replay.', 64);
    const { status, body } = await api.request<{ dryRun: boolean; targets?: TargetLine[]; results?: (ReplayAnswer & { targetId: string })[] }>('POST', `/api/v1/orgs/${orgId}/publishing/replays`, {
      ...filters,
      reason: options.reason,
      dryRun: options['dry-run'] === true,
    });
    failOnError(status, body);
    const text = body.dryRun
      ? `Would replay ${body.targets!.length} target(s):\n${body.targets!.map(targetText).join('\n')}`
      : body.results!.map((r) => `${r.targetId}  ${replayText(r)}`).join('\n') || 'Nothing matched.';
    return { data: body, text };
  },
};

export const PUBLISH_COMMANDS: Command[] = [publishList, publishReplay];
