import type { Request, RequestHandler, Response } from 'express';
import type { Platform } from '../../core/platforms.js';
import type { EmulatorState, Fault } from './state.js';

/**
 * How each platform says "rate limited" and "token expired" on the wire. Each platform module
 * supplies its own shapes; the middleware below applies whichever fault is queued.
 */
export interface FaultResponses {
  rateLimited(res: Response, fault: Fault, state: EmulatorState): void;
  expiredToken(res: Response, fault: Fault): void;
  serverError(res: Response, fault: Fault): void;
}

export interface DropSignal {
  /** Set by the middleware: run the handler (the post is accepted) but destroy the response. */
  dropResponse?: boolean;
}

/**
 * Runs before a platform's routes. Rate limit / expired token / 5xx answer at once; delay waits
 * and continues; drop_response lets the handler accept the request and then cuts the socket
 * without an answer (the "unconfirmed" case).
 */
export function faultInjector(platform: Platform, state: EmulatorState, responses: FaultResponses): RequestHandler {
  return async (req: Request, res: Response, next) => {
    const fault = state.takeFault(platform, req.method, req.path);
    if (!fault) return next();
    switch (fault.kind) {
      case 'rate_limit':
        return responses.rateLimited(res, fault, state);
      case 'expired_token':
        return responses.expiredToken(res, fault);
      case 'server_error':
        return responses.serverError(res, fault);
      case 'delay': {
        const held = `${req.method} ${req.path} ${JSON.stringify(req.body ?? null)}`;
        state.held.add(held);
        await new Promise((r) => setTimeout(r, fault.delayMs ?? 5_000));
        state.held.delete(held);
        return next();
      }
      case 'drop_response': {
        const drop = () => {
          req.socket.destroy();
          return res;
        };
        res.json = (() => drop()) as typeof res.json;
        res.send = (() => drop()) as typeof res.send;
        res.end = (() => drop()) as typeof res.end;
        return next();
      }
    }
  };
}

export function bearer(req: Request): string | undefined {
  const header = req.header('authorization');
  return header?.toLowerCase().startsWith('bearer ') ? header.slice(7).trim() : undefined;
}
