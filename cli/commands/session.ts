import { createInterface } from 'node:readline';
import { CliError, failOnError } from '../api-client.js';
import type { Command } from '../command.js';
import { forgetToken, saveToken } from '../credentials.js';

/** The password from stdin: one line when piped, typed without echo at a terminal. */
async function readPassword(): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    const rl = createInterface({ input: stdin });
    for await (const line of rl) return line;
    return '';
  }
  process.stderr.write('Password: ');
  stdin.setRawMode(true);
  stdin.resume();
  return new Promise((resolve) => {
    let typed = '';
    const onData = (chunk: Buffer) => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') {
          stdin.setRawMode(false);
          stdin.pause();
          stdin.off('data', onData);
          process.stderr.write('\n');
          return resolve(typed);
        }
        if (ch === '\u0003') process.exit(130);
        typed = ch === '\u007f' ? typed.slice(0, -1) : typed + ch;
      }
    };
    stdin.on('data', onData);
  });
}

export const loginCommand: Command = {
  name: 'login',
  summary: 'Sign in: --email (password on stdin or typed), or --token to paste an API token; saved for later commands',
  options: { email: { type: 'string' }, token: { type: 'string' }, label: { type: 'string' } },
  async run({ api, options }) {
    let token = typeof options.token === 'string' ? options.token : undefined;
    let email = typeof options.email === 'string' ? options.email : undefined;
    if (!token) {
      if (!email) throw new CliError('herald login needs --email (and the password on stdin or at the prompt), or --token', 64);
      const password = await readPassword();
      const label = typeof options.label === 'string' ? options.label : 'herald cli';
      const { status, body } = await api.request<{ token: string }>('POST', '/api/v1/auth/tokens', { email, password, label });
      failOnError(status, body);
      token = body.token;
    }
    // Check the token before saving it, and learn whose it is.
    const me = await api.withToken(token).request<{ user: { email: string } }>('GET', '/api/v1/me');
    failOnError(me.status, me.body);
    email = me.body.user.email;
    const file = saveToken(api.baseUrl, token, email);
    return { data: { email, apiUrl: api.baseUrl, savedIn: file }, text: `Logged in to ${api.baseUrl} as ${email}. Token saved in ${file} (readable by you only).` };
  },
};

export const logoutCommand: Command = {
  name: 'logout',
  summary: 'Forget the API token saved by herald login for this Herald',
  async run({ api }) {
    const forgotten = forgetToken(api.baseUrl);
    return {
      data: { apiUrl: api.baseUrl, forgotten },
      text: forgotten ? `Logged out of ${api.baseUrl}; the saved token is deleted.` : `No token was saved for ${api.baseUrl}.`,
    };
  },
};

export const SESSION_COMMANDS = [loginCommand, logoutCommand];
