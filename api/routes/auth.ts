import { and, eq, sql } from 'drizzle-orm';
import { Router, type Request } from 'express';
import { z } from 'zod';
import { isUniqueViolation } from '../../db/errors.js';
import { createUserWithOrg, issueApiToken, userWithOrgs } from '../../db/queries/identity.js';
import { memberships, users } from '../../db/schema/index.js';
import { issueLink, peekLink, queueSecurityMail, useLink } from '../auth-mail.js';
import { accountKey, AUTH_LIMITS, checkLimit, clearAttempts, ipKey, recordAttempt, withinLimit } from '../auth-limits.js';
import type { ApiContext } from '../context.js';
import { HttpError, parseInput } from '../errors.js';
import { checkPassword, hashPassword, verifyPassword } from '../passwords.js';
import { endAllSessions, requireCsrf, endSession, sessionOf, startSession, type Session } from '../sessions.js';
import { timeZoneField, uuidField } from '../validation.js';
import type { Database } from '../../db/client.js';
import { acceptInvitation } from './members.js';

const email = z.string().trim().toLowerCase().max(254).email('must be an e-mail address');
const password = z.string().max(256, 'must be at most 256 characters');
const name = z.string().trim().min(1, 'is required').max(200);

export const signupBody = z
  .object({
    email,
    password,
    name,
    organizationName: z.string().trim().min(1, 'is required').max(200).optional(),
    timeZone: timeZoneField,
    /** From an invitation link: join that org instead of creating one. */
    invitationToken: z.string().min(1).max(100).optional(),
  })
  .strict()
  .refine((b) => b.organizationName || b.invitationToken, { message: 'is required (the name of your business)', path: ['organizationName'] });
export const loginBody = z.object({ email, password: password.min(1, 'is required') }).strict();
export const tokenBody = loginBody.extend({ label: z.string().trim().min(1).max(100).default('cli'), orgId: uuidField.optional() }).strict();
export const forgotBody = z.object({ email }).strict();
export const linkBody = z.object({ token: z.string().min(1, 'is required').max(100) }).strict();
export const resetBody = linkBody.extend({ password }).strict();
export const changePasswordBody = z.object({ currentPassword: password.min(1, 'is required'), newPassword: password }).strict();
export const changeEmailBody = z.object({ password: password.min(1, 'is required'), newEmail: email }).strict();

/** Refuses a weak password with a 422 that names the field and says why. */
function requireStrong(field: string, value: string, context: { email?: string; name?: string }): void {
  const problem = checkPassword(value, context);
  if (problem) throw new HttpError(422, 'weak_password', `${field} ${problem}.`, [{ field, problem }]);
}

const SAME_ANSWER_LOGIN = 'The e-mail address or password is wrong.';

/**
 * Sign-up, login, logout, e-mail verification and password reset: `/api/v1/auth/...`. These run
 * before authenticate(); the routes that need a signed-in person check the session themselves.
 */
export function authRoutes(ctx: ApiContext): Router {
  const router = Router();
  const link = (path: string, token: string) => `${ctx.config.apiUrl.replace(/\/$/, '')}${path}#token=${token}`;

  /** The request's session, with the CSRF header checked (every route here that needs one is a POST). */
  async function signedIn(req: Request): Promise<Session> {
    const session = await sessionOf(ctx.db, req);
    if (!session) throw new HttpError(401, 'unauthenticated', 'Log in first: no session, or it has ended.');
    requireCsrf(session, req);
    return session;
  }

  const profileOf = (userId: string) => userWithOrgs(ctx.db, userId);

  /** The signed-in user, once `password` (sent as `field`) proves it is them; 403 naming the field otherwise. */
  async function withCurrentPassword(userId: string, field: string, password: string) {
    const [user] = await ctx.db.select().from(users).where(eq(users.id, userId));
    if (!user || !(await verifyPassword(user.passwordHash, password))) {
      throw new HttpError(403, 'wrong_password', `${field} is not your current password; nothing changed.`, [{ field, problem: 'is wrong' }]);
    }
    return user;
  }

  async function sendVerification(userId: string, address: string) {
    const token = await issueLink(ctx.db, userId, 'verify_email');
    await queueSecurityMail(ctx.db, {
      toUserId: userId,
      toAddress: address,
      kind: 'verify_email',
      subject: 'Confirm your e-mail address for Herald',
      body: `Open this link to confirm that ${address} is yours (it works once, for 3 days):\n${link('/verify-email', token)}\n\nIf you did not sign up for Herald, ignore this mail.`,
    });
  }

  router.post('/signup', async (req, res) => {
    const input = parseInput(signupBody, req.body, 'body');
    await checkLimit(ctx.db, ipKey(req.ip), 'signup', AUTH_LIMITS.signupPerIp, 'from this network');
    requireStrong('password', input.password, input);
    await recordAttempt(ctx.db, ipKey(req.ip), 'signup');
    const passwordHash = await hashPassword(input.password);
    try {
      const { user, orgId } = input.invitationToken
        ? await ctx.db.transaction(async (tx) => {
            const [created] = await tx.insert(users).values({ email: input.email, name: input.name, timeZone: input.timeZone, passwordHash, emailVerifiedAt: new Date() }).returning();
            const joined = await acceptInvitation(tx as unknown as Database, input.invitationToken!, created!);
            return { user: created!, orgId: joined.orgId };
          })
        : await createUserWithOrg(ctx.db, {
            email: input.email,
            name: input.name,
            timeZone: input.timeZone,
            orgName: input.organizationName,
            role: 'owner',
            passwordHash,
          });
      // Arriving through an invitation proves the address; otherwise ask.
      if (!user.emailVerifiedAt) await sendVerification(user.id, user.email);
      const session = await startSession(ctx.db, req, res, user.id);
      req.log.info({ userId: user.id, orgId }, 'signed up');
      res.status(201).json({ ...(await profileOf(user.id)), orgId, csrfToken: session.csrfToken, message: `Welcome. We sent a link to ${user.email} to confirm the address.` });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      // The address is taken. Tell its owner, not the caller: the answer must not confirm it exists.
      const [owner] = await ctx.db.select({ id: users.id, email: users.email }).from(users).where(sql`lower(${users.email}) = ${input.email}`);
      if (owner) {
        await queueSecurityMail(ctx.db, {
          toUserId: owner.id,
          toAddress: owner.email,
          kind: 'signup_attempt',
          subject: 'Someone tried to sign up to Herald with your address',
          body: `Someone tried to create a Herald account with ${owner.email}, which already has one. If it was you, log in or reset your password at ${ctx.config.apiUrl}/forgot-password. If not, you need do nothing.`,
        });
      }
      res.status(201).json({ message: `We sent a link to ${input.email} to confirm the address.`, csrfToken: null });
    }
  });

  /** Checks e-mail and password under the IP and account limits; the same answer for every miss. */
  async function credentials(req: Request, input: { email: string; password: string }): Promise<string> {
    await checkLimit(ctx.db, ipKey(req.ip), 'login', AUTH_LIMITS.loginPerIp, 'from this network');
    await checkLimit(ctx.db, accountKey(input.email), 'login_failed', AUTH_LIMITS.loginFailuresPerAccount, 'for this account');
    await recordAttempt(ctx.db, ipKey(req.ip), 'login');
    const [user] = await ctx.db.select({ id: users.id, passwordHash: users.passwordHash }).from(users).where(sql`lower(${users.email}) = ${input.email}`);
    if (!(await verifyPassword(user?.passwordHash, input.password)) || !user) {
      await recordAttempt(ctx.db, accountKey(input.email), 'login_failed');
      throw new HttpError(401, 'invalid_credentials', SAME_ANSWER_LOGIN);
    }
    await clearAttempts(ctx.db, accountKey(input.email), 'login_failed');
    return user.id;
  }

  router.post('/login', async (req, res) => {
    const input = parseInput(loginBody, req.body, 'body');
    const userId = await credentials(req, input);
    const session = await startSession(ctx.db, req, res, userId);
    res.json({ ...(await profileOf(userId)), csrfToken: session.csrfToken });
  });

  /** For scripts and `herald login`: e-mail and password in, an API token out (shown once). */
  router.post('/tokens', async (req, res) => {
    const input = parseInput(tokenBody, req.body, 'body');
    const userId = await credentials(req, input);
    if (input.orgId) {
      const [member] = await ctx.db.select().from(memberships).where(and(eq(memberships.userId, userId), eq(memberships.orgId, input.orgId)));
      if (!member) throw new HttpError(404, 'org_not_found', `No organization ${input.orgId} among yours.`);
    }
    const { token, row } = await issueApiToken(ctx.db, userId, input.label, { orgId: input.orgId });
    res.status(201).json({ token, tokenInfo: { ...row, lastUsedAt: null }, ...(await profileOf(userId)) });
  });

  router.get('/session', async (req, res) => {
    const session = await sessionOf(ctx.db, req);
    if (!session) throw new HttpError(401, 'unauthenticated', 'Not logged in.');
    res.json({ ...(await profileOf(session.userId)), csrfToken: session.csrfToken });
  });

  router.post('/logout', async (req, res) => {
    const session = await signedIn(req);
    await endSession(ctx.db, req, res, session.id);
    res.status(204).end();
  });

  router.post('/logout-everywhere', async (req, res) => {
    const session = await signedIn(req);
    const ended = await endAllSessions(ctx.db, session.userId);
    await endSession(ctx.db, req, res, session.id);
    res.json({ endedSessions: ended });
  });

  router.post('/verify-email', async (req, res) => {
    const { token } = parseInput(linkBody, req.body, 'body');
    const used = await useLink(ctx.db, token, ['verify_email', 'change_email']);
    if (!used) throw new HttpError(410, 'link_not_valid', 'This link has expired or was already used. Log in and ask for a new one.');
    if (used.purpose === 'change_email') {
      const [old] = await ctx.db.select({ email: users.email }).from(users).where(eq(users.id, used.userId));
      try {
        await ctx.db.update(users).set({ email: used.data.newEmail!, emailVerifiedAt: new Date(), updatedAt: new Date() }).where(eq(users.id, used.userId));
      } catch (err) {
        if (isUniqueViolation(err)) throw new HttpError(409, 'email_taken', 'That address now belongs to another account; nothing changed.');
        throw err;
      }
      if (old) {
        await queueSecurityMail(ctx.db, {
          toUserId: used.userId,
          toAddress: old.email,
          kind: 'email_changed',
          subject: 'Your Herald e-mail address changed',
          body: `Your Herald account now uses ${used.data.newEmail}. If you did not do this, reset your password at once.`,
        });
      }
    } else {
      await ctx.db.update(users).set({ emailVerifiedAt: new Date() }).where(eq(users.id, used.userId));
    }
    res.json({ ...(await profileOf(used.userId)), message: 'Your e-mail address is confirmed.' });
  });

  router.post('/verify-email/resend', async (req, res) => {
    const session = await signedIn(req);
    const [found] = await ctx.db.select().from(users).where(eq(users.id, session.userId));
    const user = found!;
    if (user.emailVerifiedAt) return void res.json({ message: 'Your address is already confirmed.' });
    await checkLimit(ctx.db, accountKey(user.email), 'verify_resend', AUTH_LIMITS.resetPerAccount, 'for this account');
    await recordAttempt(ctx.db, accountKey(user.email), 'verify_resend');
    await sendVerification(user.id, user.email);
    res.status(202).json({ message: `We sent a new link to ${user.email}.` });
  });

  router.post('/forgot-password', async (req, res) => {
    const input = parseInput(forgotBody, req.body, 'body');
    await checkLimit(ctx.db, ipKey(req.ip), 'reset', AUTH_LIMITS.resetPerIp, 'from this network');
    await recordAttempt(ctx.db, ipKey(req.ip), 'reset');
    const answer = { message: `If ${input.email} has a Herald account, a link to choose a new password is on its way. It works once, for an hour.` };
    // Per account the limit is silent: answering 429 only for registered addresses would tell.
    const [user] = await ctx.db.select({ id: users.id, email: users.email }).from(users).where(sql`lower(${users.email}) = ${input.email}`);
    const quota = await withinLimit(ctx.db, accountKey(input.email), 'reset_mail', AUTH_LIMITS.resetPerAccount);
    if (user && quota) {
      await recordAttempt(ctx.db, accountKey(input.email), 'reset_mail');
      const token = await issueLink(ctx.db, user.id, 'reset_password');
      await queueSecurityMail(ctx.db, {
        toUserId: user.id,
        toAddress: user.email,
        kind: 'reset_password',
        subject: 'Choose a new Herald password',
        body: `Open this link to choose a new password (it works once, for an hour):\n${link('/reset-password', token)}\n\nIf you did not ask for this, ignore this mail; your password stays as it is.`,
      });
    }
    res.status(202).json(answer);
  });

  router.post('/reset-password', async (req, res) => {
    const input = parseInput(resetBody, req.body, 'body');
    const peek = await peekLink(ctx.db, input.token, 'reset_password');
    // Check the new password before using the link, so a refused password does not burn it.
    requireStrong('password', input.password, peek ?? {});
    const used = await useLink(ctx.db, input.token, ['reset_password']);
    if (!used) throw new HttpError(410, 'link_not_valid', 'This link has expired or was already used. Ask for a new one at /forgot-password.');
    await ctx.db.update(users).set({ passwordHash: await hashPassword(input.password), updatedAt: new Date() }).where(eq(users.id, used.userId));
    const ended = await endAllSessions(ctx.db, used.userId);
    res.json({ message: 'Your password is changed; log in with it.', endedSessions: ended });
  });

  router.post('/change-password', async (req, res) => {
    const session = await signedIn(req);
    const input = parseInput(changePasswordBody, req.body, 'body');
    const user = await withCurrentPassword(session.userId, 'currentPassword', input.currentPassword);
    requireStrong('newPassword', input.newPassword, user);
    await ctx.db.update(users).set({ passwordHash: await hashPassword(input.newPassword), updatedAt: new Date() }).where(eq(users.id, user.id));
    const ended = await endAllSessions(ctx.db, user.id, session.id);
    await queueSecurityMail(ctx.db, { toUserId: user.id, toAddress: user.email, kind: 'password_changed', subject: 'Your Herald password changed', body: 'Your password was changed and your other sessions were logged out. If this was not you, reset your password now.' });
    res.json({ message: 'Password changed; your other sessions are logged out.', endedSessions: ended });
  });

  router.post('/change-email', async (req, res) => {
    const session = await signedIn(req);
    const input = parseInput(changeEmailBody, req.body, 'body');
    const user = await withCurrentPassword(session.userId, 'password', input.password);
    const token = await issueLink(ctx.db, user.id, 'change_email', { newEmail: input.newEmail });
    await queueSecurityMail(ctx.db, {
      toUserId: user.id,
      toAddress: input.newEmail,
      kind: 'change_email',
      subject: 'Confirm your new e-mail address for Herald',
      body: `Open this link to use ${input.newEmail} for your Herald account (it works once, for a day):\n${link('/verify-email', token)}`,
    });
    res.status(202).json({ message: `Open the link we sent to ${input.newEmail}; your address changes when you do.` });
  });

  return router;
}
