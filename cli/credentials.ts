import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Where `herald login` keeps API tokens, one per Herald address: $XDG_CONFIG_HOME/herald (or
 * ~/.config/herald)/credentials.json, readable by its owner only (0600, folder 0700).
 */
export function credentialsFile(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CONFIG_HOME || path.join(env.HOME || os.homedir(), '.config');
  return path.join(base, 'herald', 'credentials.json');
}

type Store = Record<string, { token: string; email?: string; savedAt: string }>;

const keyOf = (baseUrl: string) => new URL(baseUrl).origin;

function read(file: string): Store {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Store;
  } catch {
    return {};
  }
}

function write(file: string, store: Store): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(store, null, 2)}\n`, { mode: 0o600 });
  fs.chmodSync(tmp, 0o600);
  fs.renameSync(tmp, file);
}

export function savedToken(baseUrl: string, env?: NodeJS.ProcessEnv): string | undefined {
  return read(credentialsFile(env))[keyOf(baseUrl)]?.token;
}

export function saveToken(baseUrl: string, token: string, email?: string, env?: NodeJS.ProcessEnv): string {
  const file = credentialsFile(env);
  write(file, { ...read(file), [keyOf(baseUrl)]: { token, email, savedAt: new Date().toISOString() } });
  return file;
}

export function forgetToken(baseUrl: string, env?: NodeJS.ProcessEnv): boolean {
  const file = credentialsFile(env);
  const store = read(file);
  if (!store[keyOf(baseUrl)]) return false;
  delete store[keyOf(baseUrl)];
  write(file, store);
  return true;
}
