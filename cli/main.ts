import { parseArgs } from 'node:util';
import { apiClient, CliError } from './api-client.js';
import type { Command } from './command.js';
import { COMMANDS } from './commands/index.js';
import { savedToken } from './credentials.js';

const GLOBAL_OPTIONS = {
  json: { type: 'boolean' },
  api: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'Usage: herald <command> [options] [--json] [--api URL]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Every command prints JSON with --json. The API address comes from --api or HERALD_API_URL',
    '(default http://localhost:3000). The token is HERALD_API_TOKEN when set, else the one',
    '`herald login` saved for that address.',
  ].join('\n');
}

/** Longest match wins, so `accounts list` is found before a hypothetical `accounts`. */
function findCommand(words: string[]): { command: Command; rest: string[] } | undefined {
  const sorted = [...COMMANDS].sort((a, b) => b.name.split(' ').length - a.name.split(' ').length);
  for (const command of sorted) {
    const parts = command.name.split(' ');
    if (parts.every((p, i) => words[i] === p)) return { command, rest: words.slice(parts.length) };
  }
  return undefined;
}

export async function main(argv: string[]): Promise<number> {
  const firstFlag = argv.findIndex((a) => a.startsWith('-'));
  const words = firstFlag === -1 ? argv : argv.slice(0, firstFlag);
  const found = findCommand(words);
  if (!found) {
    const wantsHelp = argv.length === 0 || argv.includes('--help') || argv.includes('-h');
    process[wantsHelp ? 'stdout' : 'stderr'].write(`${wantsHelp ? '' : `Unknown command: ${words.join(' ')}\n\n`}${usage()}\n`);
    return wantsHelp ? 0 : 64;
  }
  const { command } = found;
  let parsed;
  try {
    parsed = parseArgs({
      args: argv.slice(command.name.split(' ').length),
      options: { ...GLOBAL_OPTIONS, ...command.options },
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n\n${usage()}\n`);
    return 64;
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  const json = values.json === true;
  const missing = (command.required ?? []).filter((name) => values[name] === undefined);
  if (missing.length > 0) {
    return report(json, new CliError(`herald ${command.name} needs ${missing.map((m) => `--${m}`).join(', ')}`, 64));
  }
  const baseUrl = (values.api as string | undefined) ?? process.env.HERALD_API_URL ?? 'http://localhost:3000';
  try {
    const outcome = await command.run({
      api: apiClient(baseUrl, process.env.HERALD_API_TOKEN || savedToken(baseUrl)),
      options: values,
      positionals: parsed.positionals,
    });
    process.stdout.write(`${json ? JSON.stringify(outcome.data, null, 2) : outcome.text}\n`);
    return outcome.exitCode ?? 0;
  } catch (err) {
    return report(json, err);
  }
}

function report(json: boolean, err: unknown): number {
  const cliError = err instanceof CliError ? err : new CliError((err as Error).message ?? String(err));
  if (json) {
    process.stdout.write(`${JSON.stringify({ error: { message: cliError.message, details: cliError.body } }, null, 2)}\n`);
  } else {
    process.stderr.write(`herald: ${cliError.message}\n`);
  }
  return cliError.exitCode;
}
