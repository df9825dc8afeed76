import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Request, type Response } from 'express';
import { ResendEmulatorState, type ResendFault } from './state.js';

/**
 * A local stand-in for api.resend.com speaking its wire format: POST /emails with a Bearer key,
 * JSON {from,to,subject,html,text,headers}, answering {id}; the Idempotency-Key header is
 * honoured; errors are Resend's {statusCode,name,message}. Point the SDK at it with
 * RESEND_BASE_URL (or the constructor's baseUrl). `/_emulator/*` is the test control surface.
 */
export interface ResendEmulator {
  url: string;
  apiKey: string;
  state: ResendEmulatorState;
  close(): Promise<void>;
}

function resendError(res: Response, statusCode: number, name: string, message: string): void {
  res.status(statusCode).json({ statusCode, name, message });
}

function toList(value: unknown): string[] {
  return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string' && v.length > 0);
}

/** Runs the handler's accept, then answers late or never: the provider has the mail, the caller does not know. */
function applyAfterAccept(fault: ResendFault | undefined, req: Request, res: Response, answer: () => void): void {
  if (fault?.kind === 'drop_after_accept') {
    req.socket.destroy();
    return;
  }
  if (fault?.kind === 'hold_after_accept') {
    const timer = setTimeout(answer, fault.delayMs ?? 60_000);
    res.once('close', () => clearTimeout(timer));
    return;
  }
  answer();
}

export function createResendApp(state: ResendEmulatorState, apiKey: string): express.Express {
  const app = express();
  app.use(express.json({ limit: '40mb' }));

  app.post('/_emulator/reset', (_req, res) => {
    state.reset();
    res.json({ ok: true });
  });
  app.post('/_emulator/faults', (req, res) => {
    state.addFault(req.body as ResendFault);
    res.json({ ok: true });
  });
  app.get('/_emulator/emails', (req, res) => {
    const to = req.query.to;
    res.json({ emails: typeof to === 'string' ? state.emailsTo(to) : state.emails, requests: state.requests });
  });

  app.use((req, res, next) => {
    const header = req.header('authorization');
    if (!header) return resendError(res, 401, 'missing_api_key', 'Missing API key in the authorization header. Include the following header in the request: Authorization: Bearer YOUR_API_KEY');
    if (header !== `Bearer ${apiKey}`) return resendError(res, 403, 'invalid_api_key', 'API key is invalid');
    next();
  });

  app.post('/emails', (req, res) => {
    state.requests += 1;
    const body = (req.body ?? {}) as Record<string, unknown>;
    const to = toList(body.to);
    const fault = state.takeFault(to);
    if (fault?.kind === 'rate_limit') {
      res.setHeader('retry-after', String(fault.retryAfterSeconds ?? 1));
      return resendError(res, 429, 'rate_limit_exceeded', 'Too many requests. You can only make 2 requests per second.');
    }
    if (fault?.kind === 'server_error') return resendError(res, fault.status ?? 500, 'internal_server_error', 'An unexpected error occurred.');
    const missing = ['from', 'subject'].find((field) => typeof body[field] !== 'string' || body[field] === '');
    if (missing) return resendError(res, 422, 'validation_error', `The \`${missing}\` field is missing.`);
    if (to.length === 0) return resendError(res, 422, 'validation_error', 'The `to` field is missing.');
    if (typeof body.html !== 'string' && typeof body.text !== 'string') return resendError(res, 422, 'validation_error', 'Either `html` or `text` must be provided.');
    const accepted = state.accept({
      from: String(body.from),
      to,
      subject: String(body.subject),
      html: typeof body.html === 'string' ? body.html : undefined,
      text: typeof body.text === 'string' ? body.text : undefined,
      headers: (body.headers ?? {}) as Record<string, string>,
      idempotencyKey: req.header('idempotency-key') ?? undefined,
    });
    if ('conflict' in accepted) return resendError(res, 409, 'invalid_idempotent_request', 'Same idempotency key used with a different request payload.');
    applyAfterAccept(fault, req, res, () => void res.json({ id: accepted.id }));
  });

  app.get('/emails/:id', (req, res) => {
    const email = state.emails.find((e) => e.id === req.params.id);
    if (!email) return resendError(res, 404, 'not_found', 'Email not found');
    res.json({ object: 'email', id: email.id, from: email.from, to: email.to, subject: email.subject, html: email.html ?? null, text: email.text ?? null, created_at: email.createdAt, last_event: 'delivered' });
  });

  app.use((_req, res) => resendError(res, 404, 'not_found', 'The requested endpoint does not exist.'));
  return app;
}

export async function startResendEmulator(options: { port?: number; host?: string; apiKey?: string } = {}): Promise<ResendEmulator> {
  const state = new ResendEmulatorState();
  const apiKey = options.apiKey ?? 're_emulator_key';
  const host = options.host ?? '127.0.0.1';
  const server = await new Promise<Server>((resolve, reject) => {
    const s = createResendApp(state, apiKey).listen(options.port ?? 0, host, () => resolve(s));
    s.once('error', reject);
  });
  return {
    url: `http://${host}:${(server.address() as AddressInfo).port}`,
    apiKey,
    state,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
