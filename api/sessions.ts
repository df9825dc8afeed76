import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, eq, gt, ne } from 'drizzle-orm';
import type { Request, Response } from 'express';
import { HttpError } from './errors.js';
import type { Database } from '../db/client.js';
import { hashToken as sha256 } from '../db/queries/identity.js';
import { sessions } from '../db/schema/index.js';

/**
 * Browser sessions: a random secret in an HttpOnly, SameSite=Lax cookie (Secure unless the app
 * is reached on localhost), its SHA-256 in `sessions`, so logging out anywhere is deleting rows.
 * The CSRF token is an HMAC of the secret: the page gets it from /auth/session and sends it back
 * in `x-csrf-token`; a cross-site page can neither read the cookie nor compute it.
 */
export const SESSION_COOKIE = 'herald_session';
export const SESSION_DAYS = 30;
const TOUCH_AFTER_MS = 5 * 60_000;

export const csrfTokenFor = (secret: string) => createHmac('sha256', secret).update('herald-csrf').digest('base64url');

export interface Session {
  id: string;
  userId: string;
  csrfToken: string;
}

function isLocalhost(req: Request): boolean {
  const host = (req.hostname ?? '').replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '127.0.0.1' || host === '::1' || host.endsWith('.localhost');
}

function cookieOptions(req: Request) {
  return { httpOnly: true, sameSite: 'lax' as const, secure: !isLocalhost(req), path: '/' };
}

export async function startSession(db: Database, req: Request, res: Response, userId: string): Promise<Session> {
  const secret = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + SESSION_DAYS * 86_400_000);
  const [row] = await db
    .insert(sessions)
    .values({
      userId,
      secretHash: sha256(secret),
      expiresAt,
      userAgent: req.header('user-agent')?.slice(0, 300) ?? null,
      ip: req.ip ?? null,
    })
    .returning({ id: sessions.id });
  res.cookie(SESSION_COOKIE, secret, { ...cookieOptions(req), expires: expiresAt });
  return { id: row!.id, userId, csrfToken: csrfTokenFor(secret) };
}

/** The live session the request's cookie names, if any. */
export async function sessionOf(db: Database, req: Request): Promise<Session | undefined> {
  const secret = (req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
  if (!secret || secret.length > 100) return undefined;
  const [row] = await db
    .select({ id: sessions.id, userId: sessions.userId, lastSeenAt: sessions.lastSeenAt })
    .from(sessions)
    .where(and(eq(sessions.secretHash, sha256(secret)), gt(sessions.expiresAt, new Date())));
  if (!row) return undefined;
  if (Date.now() - row.lastSeenAt.getTime() > TOUCH_AFTER_MS) {
    await db.update(sessions).set({ lastSeenAt: new Date() }).where(eq(sessions.id, row.id));
  }
  return { id: row.id, userId: row.userId, csrfToken: csrfTokenFor(secret) };
}

/** A cookie alone changes nothing: the request must also carry the session's CSRF token. */
export function requireCsrf(session: Session, req: Request): void {
  if (!csrfMatches(session, req.header('x-csrf-token'))) {
    throw new HttpError(403, 'csrf_token_missing', 'Send the x-csrf-token header you got from /api/v1/auth/session with every change.');
  }
}

export function csrfMatches(session: Session, sent: string | undefined): boolean {
  if (!sent) return false;
  const a = Buffer.from(session.csrfToken);
  const b = Buffer.from(sent);
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function endSession(db: Database, req: Request, res: Response, sessionId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, sessionId));
  res.clearCookie(SESSION_COOKIE, cookieOptions(req));
}

/** Ends every session of the user, except `keep` (the one changing the password stays signed in). */
export async function endAllSessions(db: Database, userId: string, keep?: string): Promise<number> {
  const gone = await db
    .delete(sessions)
    .where(keep ? and(eq(sessions.userId, userId), ne(sessions.id, keep)) : eq(sessions.userId, userId))
    .returning({ id: sessions.id });
  return gone.length;
}
