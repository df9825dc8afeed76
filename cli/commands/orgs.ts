import { CliError, failOnError } from '../api-client.js';
import type { Command } from '../command.js';
import { resolveOrg } from '../scope.js';

/** `herald org show|settings`: the org's approval rules (lead time, reminders, second approver). */

interface OrgBody {
  org: { id: string; name: string; plan: string; approvalLeadMinutes: number; requireSecondApprover: boolean; approvalReminderMinutes: number[] };
  role: string;
}

const orgText = ({ org, role }: OrgBody) =>
  [
    `${org.name} (${org.id}), plan ${org.plan}, you are ${role}`,
    `approval closes: ${org.approvalLeadMinutes} min before publish time`,
    `reminders: ${org.approvalReminderMinutes.length ? org.approvalReminderMinutes.map((m) => `${m} min`).join(', ') + ' before the deadline' : 'none'}`,
    `second approver: ${org.requireSecondApprover ? 'required (authors cannot approve their own posts)' : 'not required'}`,
  ].join('\n');

const wholeMinutes = (flag: string, raw: string): number => {
  if (!/^\d+$/.test(raw.trim())) throw new CliError(`--${flag} takes whole minutes, e.g. 45; got "${raw}".`, 64);
  return Number(raw);
};

/** The options given, as the API's body; only what was given changes. */
function settingsBody(options: Record<string, string | boolean | undefined>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (typeof options['lead-minutes'] === 'string') body.approvalLeadMinutes = wholeMinutes('lead-minutes', options['lead-minutes']);
  if (typeof options.reminders === 'string') {
    const list = options.reminders.trim();
    body.approvalReminderMinutes = list === 'none' ? [] : list.split(',').map((m) => wholeMinutes('reminders', m));
  }
  if (typeof options['second-approver'] === 'string') {
    const answer = options['second-approver'].trim().toLowerCase();
    if (answer !== 'yes' && answer !== 'no') throw new CliError(`--second-approver takes yes or no; got "${options['second-approver']}".`, 64);
    body.requireSecondApprover = answer === 'yes';
  }
  if (Object.keys(body).length === 0) throw new CliError('Say what to change: --lead-minutes N, --reminders 120,30 (or none), --second-approver yes|no.', 64);
  return body;
}

const orgShow: Command = {
  name: 'org show',
  summary: 'Show the org and its approval rules',
  options: { org: { type: 'string' } },
  async run({ api, options }) {
    const orgId = await resolveOrg(api, options);
    const { status, body } = await api.request<OrgBody>('GET', `/api/v1/orgs/${orgId}`);
    failOnError(status, body);
    return { data: body, text: orgText(body) };
  },
};

const orgSettings: Command = {
  name: 'org settings',
  summary: 'Change the approval rules: --lead-minutes N, --reminders 120,30|none, --second-approver yes|no (owners, admins)',
  options: { org: { type: 'string' }, 'lead-minutes': { type: 'string' }, reminders: { type: 'string' }, 'second-approver': { type: 'string' } },
  async run({ api, options }) {
    const body = settingsBody(options);
    const orgId = await resolveOrg(api, options);
    const answer = await api.request<OrgBody>('PATCH', `/api/v1/orgs/${orgId}`, body);
    failOnError(answer.status, answer.body);
    return { data: answer.body, text: `Saved; posts created from now on follow these rules.\n${orgText(answer.body)}` };
  },
};

export const ORG_COMMANDS: Command[] = [orgShow, orgSettings];
