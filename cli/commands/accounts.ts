import { CliError, failOnError } from '../api-client.js';
import { resolveOrg, scopeOptions } from '../scope.js';
import type { Command, CommandContext } from '../command.js';

/** `herald accounts ...`: the org's social accounts, through the same API as the web app. */

interface AccountView {
  id: string;
  platform: string;
  platformLabel: string;
  displayName: string;
  externalId: string;
  status: string;
  sandbox: boolean;
}

const line = (a: AccountView) =>
  `${a.platformLabel.padEnd(9)} ${a.displayName}${a.sandbox ? ' [Sandbox]' : ''}  ${a.status}  (id ${a.id})`;

export const accountsListCommand: Command = {
  name: 'accounts list',
  summary: 'List the organization\'s social accounts, their status and which are sandbox',
  options: scopeOptions,
  async run({ api, options }) {
    const orgId = await resolveOrg(api, options);
    const { status, body } = await api.request<{ accounts: AccountView[]; platforms: { label: string; mode: string }[] }>('GET', `/api/v1/orgs/${orgId}/accounts`);
    failOnError(status, body);
    const modes = body.platforms.map((p) => `${p.label}: ${p.mode}`).join(', ');
    const text = body.accounts.length === 0 ? `No accounts connected yet.\nPlatforms: ${modes}` : `${body.accounts.map(line).join('\n')}\nPlatforms: ${modes}`;
    return { data: { orgId, ...body }, text };
  },
};

export const accountsConnectSandboxCommand: Command = {
  name: 'accounts connect-sandbox',
  summary: 'Connect a sandbox account (platform emulator) for x, linkedin, facebook, instagram, tiktok or youtube',
  options: { ...scopeOptions, platform: { type: 'string' }, account: { type: 'string' } },
  required: ['platform'],
  async run({ api, options }) {
    const orgId = await resolveOrg(api, options);
    const payload = { platform: options.platform, ...(typeof options.account === 'string' ? { account: options.account } : {}) };
    const { status, body } = await api.request<{ account: AccountView }>('POST', `/api/v1/orgs/${orgId}/accounts/connect-sandbox`, payload);
    failOnError(status, body);
    return { data: body, text: `Connected ${line(body.account)}` };
  },
};

export const accountsConnectCommand: Command = {
  name: 'accounts connect',
  summary: 'Start connecting a real account: prints the URL to open in a browser; finish with herald accounts finish',
  options: { ...scopeOptions, platform: { type: 'string' } },
  required: ['platform'],
  async run({ api, options }) {
    const orgId = await resolveOrg(api, options);
    // Started here, finished here: the callback page shows a code only this token's owner can redeem.
    const payload = { platform: options.platform, finishIn: 'terminal' };
    const { status, body } = await api.request<{ authorizationUrl: string; sandbox: boolean }>('POST', `/api/v1/orgs/${orgId}/accounts/connect`, payload);
    failOnError(status, body);
    const text = [
      `Open this URL to connect${body.sandbox ? ' (Sandbox)' : ''}:`,
      body.authorizationUrl,
      'Herald\'s page then shows a code; finish with: herald accounts finish <code>',
    ].join('\n');
    return { data: body, text };
  },
};

export const accountsFinishCommand: Command = {
  name: 'accounts finish',
  summary: 'Finish a connect started with herald accounts connect, with the code Herald\'s page showed',
  options: scopeOptions,
  async run({ api, options, positionals }) {
    const finishCode = positionals[0];
    if (!finishCode) throw new CliError('Give the code Herald\'s page showed: herald accounts finish <code>', 64);
    const orgId = await resolveOrg(api, options);
    const { status, body } = await api.request<{ account: AccountView }>('POST', `/api/v1/orgs/${orgId}/accounts/connect/finish`, { finishCode });
    failOnError(status, body);
    return { data: body, text: `Connected ${line(body.account)}` };
  },
};

export const accountsDisconnectCommand: Command = {
  name: 'accounts disconnect',
  summary: 'Disconnect an account and forget its tokens',
  options: { ...scopeOptions, id: { type: 'string' } },
  required: ['id'],
  async run({ api, options }) {
    const orgId = await resolveOrg(api, options);
    const { status, body } = await api.request<{ account: AccountView }>('DELETE', `/api/v1/orgs/${orgId}/accounts/${String(options.id)}`);
    failOnError(status, body);
    return { data: body, text: `Disconnected ${line(body.account)}` };
  },
};

export const ACCOUNT_COMMANDS: Command[] = [accountsListCommand, accountsConnectSandboxCommand, accountsConnectCommand, accountsFinishCommand, accountsDisconnectCommand];
