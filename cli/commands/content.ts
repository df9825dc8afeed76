import { failOnError } from '../api-client.js';
import type { Command, CommandContext } from '../command.js';
import { resolveCycleScope, resolveOrg } from '../scope.js';

/** `herald cycle ...` and `herald post ...`: the content workflows, through the API. */

const orgOption = { org: { type: 'string' } } as const;
const cycleOptions = { org: { type: 'string' }, user: { type: 'string' } } as const;

interface CycleStateBody {
  state: { paused: boolean; timeZone?: string; nextRunAt?: string; lastRun?: { localDate: string; kind: string; created: number; failed: number; workflowId: string }; running: boolean };
  workflowId: string;
  temporalUi: string;
}

const cycleText = (s: CycleStateBody['state']) =>
  [
    `paused: ${s.paused ? 'yes' : 'no'}${s.running ? ' (a run is under way)' : ''}`,
    `next run: ${s.nextRunAt ?? 'unknown'}${s.timeZone ? ` (${s.timeZone})` : ''}`,
    s.lastRun ? `last run: ${s.lastRun.kind} ${s.lastRun.localDate}, ${s.lastRun.created} created, ${s.lastRun.failed} problem(s) (${s.lastRun.workflowId})` : 'last run: none yet',
  ].join('\n');

function cycleCommand(action: 'pause' | 'resume' | 'run-now', summary: string): Command {
  return {
    name: `cycle ${action}`,
    summary,
    options: cycleOptions,
    async run({ api, options }) {
      const { orgId, userId } = await resolveCycleScope(api, options);
      const { status, body } = await api.request<{ state?: CycleStateBody['state'] } & CycleStateBody['state']>('POST', `/api/v1/orgs/${orgId}/cycles/${userId}/${action}`);
      failOnError(status, body);
      const state = body.state ?? body;
      return { data: body, text: `${action === 'run-now' ? 'Run started.' : `Cycle ${action}d.`}\n${cycleText(state)}` };
    },
  };
}

const cycleShow: Command = {
  name: 'cycle show',
  summary: 'Show a user\'s daily cycle: paused, next run, last run',
  options: cycleOptions,
  async run({ api, options }) {
    const { orgId, userId } = await resolveCycleScope(api, options);
    const { status, body } = await api.request<CycleStateBody>('GET', `/api/v1/orgs/${orgId}/cycles/${userId}`);
    failOnError(status, body);
    return { data: body, text: `${cycleText(body.state)}\nTemporal UI: ${body.temporalUi}` };
  },
};

interface PostSummary {
  id: string;
  stage: string;
  scheduledAt: string;
  offlineWritten: boolean;
  targets: { platform: string; text: string; sandbox: boolean }[];
}

const postList: Command = {
  name: 'post list',
  summary: 'List the org\'s posts (--stage awaiting_approval to see what waits)',
  options: { ...orgOption, stage: { type: 'string' } },
  async run({ api, options }) {
    const orgId = await resolveOrg(api, options);
    const stage = typeof options.stage === 'string' ? `?stage=${encodeURIComponent(options.stage)}` : '';
    const { status, body } = await api.request<{ posts: PostSummary[] }>('GET', `/api/v1/orgs/${orgId}/posts${stage}`);
    failOnError(status, body);
    const lines = body.posts.map(
      (p) =>
        `${p.id}  ${p.stage.padEnd(17)} ${p.scheduledAt}  ${p.targets.map((t) => `${t.platform}${t.sandbox ? ' [Sandbox]' : ''}`).join(',')}${p.offlineWritten ? '  [offline-written]' : ''}`,
    );
    return { data: body, text: lines.length ? lines.join('\n') : 'No posts.' };
  },
};

const postId = (ctx: CommandContext) => {
  const id = ctx.positionals[0];
  if (!id) throw new Error('Give the post id: herald post <command> <postId>');
  return id;
};

interface ShownTarget {
  platform: string;
  text: string;
  hashtags: string[];
  sandbox: boolean;
  privacyLevel: string | null;
  privacyOptions?: string[];
  privacyRequired?: boolean;
}

/** " (who sees it: SELF_ONLY)", or what to choose when approval needs it. */
function privacyLine(t: ShownTarget): string {
  if (t.privacyLevel) return ` (who sees it: ${t.privacyLevel})`;
  if (t.privacyRequired) return ` (approve with --privacy ${t.platform}=<${t.privacyOptions?.join('|')}>)`;
  return '';
}

const postShow: Command = {
  name: 'post show',
  summary: 'Show one post: copy per platform, revisions, approval state',
  options: orgOption,
  async run(ctx) {
    const orgId = await resolveOrg(ctx.api, ctx.options);
    const { status, body } = await ctx.api.request<{
      post: { stage: string; scheduledAt: string; revision: number };
      targets: ShownTarget[];
      workflow: { deadline: string } | null;
      temporalUi: string;
    }>('GET', `/api/v1/orgs/${orgId}/posts/${postId(ctx)}`);
    failOnError(status, body);
    const text = [
      `stage ${body.post.stage}, revision ${body.post.revision}, publishes ${body.post.scheduledAt}${body.workflow ? `, decide before ${body.workflow.deadline}` : ''}`,
      ...body.targets.map((t) => `--- ${t.platform}${t.sandbox ? ' [Sandbox]' : ''}${privacyLine(t)}\n${t.text}\n${t.hashtags.map((h) => `#${h}`).join(' ')}`),
      `Temporal UI: ${body.temporalUi}`,
    ].join('\n');
    return { data: body, text };
  },
};

/** `platform=value` as given to --privacy and --text: the value may itself contain `=`. */
function platformPair(pair: string): [platform: string, value: string] {
  const at = pair.indexOf('=');
  return at < 0 ? [pair.trim(), ''] : [pair.slice(0, at).trim(), pair.slice(at + 1)];
}

/** `--privacy tiktok=SELF_ONLY` (repeatable) becomes `{ privacy: { tiktok: 'SELF_ONLY' } }`. */
function approvalBody(privacy: unknown) {
  const pairs = Array.isArray(privacy) ? privacy.map(String) : [];
  if (pairs.length === 0) return undefined;
  return { privacy: Object.fromEntries(pairs.map((pair) => platformPair(pair).map((part) => part.trim()))) };
}

function postDecision(action: 'approve' | 'reject'): Command {
  return {
    name: `post ${action}`,
    summary: action === 'approve' ? 'Approve a post (locks its content); TikTok posts need --privacy tiktok=<level>' : 'Reject a post with --reason (a replacement is written)',
    options: { ...orgOption, ...(action === 'reject' ? { reason: { type: 'string' } } : { privacy: { type: 'string', multiple: true } }) },
    required: action === 'reject' ? ['reason'] : [],
    async run(ctx) {
      const orgId = await resolveOrg(ctx.api, ctx.options);
      const body = action === 'reject' ? { reason: ctx.options.reason } : approvalBody(ctx.options.privacy);
      const res = await ctx.api.request<{ state: { stage: string; revision: number } }>('POST', `/api/v1/orgs/${orgId}/posts/${postId(ctx)}/${action}`, body);
      failOnError(res.status, res.body);
      return { data: res.body, text: `${action === 'approve' ? 'Approved' : 'Rejected'}; the post is now ${res.body.state.stage} (revision ${res.body.state.revision}).` };
    },
  };
}

const postEdit: Command = {
  name: 'post edit',
  summary: 'Edit a post: --time ISO, --hashtags a,b, --text platform=new copy',
  options: { ...orgOption, time: { type: 'string' }, hashtags: { type: 'string' }, text: { type: 'string', multiple: true } },
  async run(ctx) {
    const orgId = await resolveOrg(ctx.api, ctx.options);
    const o = ctx.options as Record<string, unknown>;
    const texts = (o.text as string[] | undefined) ?? [];
    const changes = {
      scheduledAt: typeof o.time === 'string' ? o.time : undefined,
      hashtags: typeof o.hashtags === 'string' ? o.hashtags.split(',').map((h) => h.trim()).filter(Boolean) : undefined,
      targets: texts.length ? texts.map(platformPair).map(([platform, text]) => ({ platform, text })) : undefined,
    };
    const res = await ctx.api.request<{ state: { stage: string; revision: number; publishAt: string } }>('PATCH', `/api/v1/orgs/${orgId}/posts/${postId(ctx)}`, changes);
    failOnError(res.status, res.body);
    return { data: res.body, text: `Saved as revision ${res.body.state.revision}; publishes ${res.body.state.publishAt}.` };
  },
};

export const CONTENT_COMMANDS: Command[] = [
  cycleShow,
  cycleCommand('run-now', 'Run a user\'s daily cycle now'),
  cycleCommand('pause', 'Pause a user\'s daily cycle'),
  cycleCommand('resume', 'Resume a paused daily cycle'),
  postList,
  postShow,
  postDecision('approve'),
  postDecision('reject'),
  postEdit,
];
