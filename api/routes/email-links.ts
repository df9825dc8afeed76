import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import express, { Router, type Response } from 'express';
import { loadEmailLinkConfig } from '../../config/email-links.js';
import { readActionLink, type ActionLinkClaims } from '../../core/action-links.js';
import { describeDecision, describeLinkProblem, describePostProblem, linkVerdict, postProblem, type ProblemWords } from '../../core/action-link-verdicts.js';
import { missingPrivacyChoices } from '../../core/privacy.js';
import { claimLink, linkedPosts, linkRecipient, linkUse, recordLinkOutcome, releaseLink, type LinkOutcome } from '../../db/queries/action-links.js';
import { workflowIds } from '../../temporal-config/workflow-ids.js';
import { approveUpdate, rejectUpdate } from '../../workflows/post.js';
import type { ApiContext } from '../context.js';
import { decisionPage, errorPage, outcomePage, problemPage, type PostPreview } from '../email-link-pages.js';

/** Instants as the recipient reads them: their zone, named. */
const formatIn = (timeZone: string) => (ms: number) =>
  `${new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }).format(ms)} (${timeZone})`;

type Inspection =
  | { ok: false; words: ProblemWords; appUrl: string }
  | { ok: true; claims: ActionLinkClaims; recipient: Awaited<ReturnType<typeof linkRecipient>>; when: (ms: number) => string; posts: PostPreview[] };

/**
 * The pages behind e-mail action links (/email/action?token=...). The token is the credential:
 * no session needed. GET only shows (mail scanners open links); the form POST acts through the
 * same post workflow Updates as the web app, as the link's recipient.
 */
export function emailLinkRoutes(ctx: ApiContext): Router {
  const config = loadEmailLinkConfig({ ...process.env, NODE_ENV: ctx.config.env, HERALD_DATA_DIR: ctx.config.dataDir, PORT: String(ctx.config.port) });
  const router = Router();
  router.use(express.urlencoded({ extended: false, limit: '16kb' }));
  router.use((_req, res, next) => {
    // The token is in the URL: keep it out of caches, search engines and Referer headers.
    res.set({ 'cache-control': 'no-store', 'referrer-policy': 'no-referrer', 'x-robots-tag': 'noindex', 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'" });
    next();
  });
  const appUrlOf = (claims?: ActionLinkClaims) => (claims?.posts.length === 1 ? `${config.publicUrl}/posts/${claims.posts[0]!.postId}` : `${config.publicUrl}/`);

  /** Reads everything the rules need at this moment and applies them (core/action-link-verdicts.ts). */
  async function inspect(token: string): Promise<Inspection> {
    const read = readActionLink(config.keys, token);
    const claims = read.ok ? read.claims : undefined;
    const recipient = claims ? await linkRecipient(ctx.db, claims.recipientId, claims.orgId) : undefined;
    const used = claims ? await linkUse(ctx.db, claims.id) : undefined;
    const verdict = linkVerdict({ read, nowMs: Date.now(), usedAt: used?.usedAt, role: recipient?.role });
    const when = formatIn(recipient?.timeZone ?? 'UTC');
    if (!verdict.ok) return { ok: false, words: describeLinkProblem(verdict.problem, { email: recipient?.email ?? '', orgName: recipient?.orgName ?? '' }, when), appUrl: appUrlOf(claims) };
    const rows = await linkedPosts(ctx.db, verdict.claims.posts.map((p) => p.postId));
    const checked = verdict.claims.posts.map(({ postId, revision }) => {
      const row = rows.get(postId);
      const facts = row && { ...row, privacyNeeded: missingPrivacyChoices(row.targets, {}).map((p) => (p === 'tiktok' ? 'TikTok' : p)) };
      return { postId, row, problem: postProblem(verdict.claims.action, verdict.claims, revision, facts) };
    });
    // One post that cannot take the action is the whole answer; approve-all lists it among the others.
    const only = checked[0];
    if (verdict.claims.action !== 'approve-all' && only?.problem) return { ok: false, words: describePostProblem(only.problem), appUrl: appUrlOf(verdict.claims) };
    const posts = checked.map(({ postId, row, problem }): PostPreview => ({
      postId,
      publishAt: row ? when(row.scheduledAt.getTime()) : '',
      targets: row?.targets ?? [],
      problem: problem && describePostProblem(problem).message,
    }));
    return { ok: true, claims: verdict.claims, recipient: recipient!, when, posts };
  }

  function show(res: Response, token: string, found: Extract<Inspection, { ok: true }>, error?: string) {
    res.status(error ? 400 : 200).type('html').send(
      decisionPage({ action: found.claims.action, token, recipient: found.recipient.email, deadline: found.when(found.claims.expiresAt), posts: found.posts, error, appUrl: appUrlOf(found.claims) }),
    );
  }

  router.get('/action', async (req, res) => {
    const token = String(req.query.token ?? '');
    const found = await inspect(token);
    if (!found.ok) return void res.status(found.words.status).type('html').send(problemPage(found.words, found.appUrl));
    show(res, token, found);
  });

  router.post('/action', async (req, res) => {
    const token = String(req.body?.token ?? '');
    const found = await inspect(token);
    if (!found.ok) return void res.status(found.words.status).type('html').send(problemPage(found.words, found.appUrl));
    const { claims } = found;
    const reason = String(req.body?.reason ?? '').trim();
    if (claims.action === 'reject' && (!reason || reason.length > 1000)) {
      return show(res, token, found, reason ? 'Keep the reason under 1,000 characters.' : 'Say why: Herald writes the replacement from your reason.');
    }
    // Claim first: two clicks racing act once; the loser is told the link was used.
    if (!(await claimLink(ctx.db, claims))) {
      const words = describeLinkProblem({ kind: 'used', usedAt: new Date() }, { email: found.recipient.email, orgName: found.recipient.orgName }, found.when);
      return void res.status(words.status).type('html').send(problemPage(words, appUrlOf(claims)));
    }
    const outcome: LinkOutcome = [];
    for (const post of found.posts) {
      if (post.problem) {
        outcome.push({ postId: post.postId, done: false, message: post.problem });
        continue;
      }
      try {
        outcome.push({ postId: post.postId, done: true, message: await decide(claims, post.postId, reason, found.when) });
      } catch (err) {
        const refusal = refusalOf(err);
        if (refusal) {
          outcome.push({ postId: post.postId, done: false, message: `Nothing was done: ${refusal}` });
          continue;
        }
        // Ours, not theirs (Temporal unreachable): give the link back if nothing happened yet.
        req.log.error({ err, postId: post.postId }, 'acting on an e-mail link failed');
        if (outcome.every((o) => !o.done)) {
          await releaseLink(ctx.db, claims.id);
          return void res.status(503).type('html').send(errorPage(appUrlOf(claims)));
        }
        outcome.push({ postId: post.postId, done: false, message: 'Herald could not reach this post just now; decide on it in Herald.' });
      }
    }
    await recordLinkOutcome(ctx.db, claims.id, outcome);
    const summaries = new Map(found.posts.map((p) => [p.postId, `${p.targets.map((t) => t.platform).join(', ')} · ${p.publishAt}`]));
    res.type('html').send(outcomePage(outcome.map((o) => ({ ...o, summary: claims.posts.length > 1 ? summaries.get(o.postId) : undefined })), appUrlOf(claims)));
  });

  /** The same Updates the web app sends (api/routes/posts.ts), as the link's recipient. */
  async function decide(claims: ActionLinkClaims, postId: string, reason: string, when: (ms: number) => string): Promise<string> {
    const handle = ctx.temporal.workflow.getHandle(workflowIds.post(postId));
    // The revision the mail showed: an edit between the page and the click is refused by the workflow.
    const seen = { actorId: claims.recipientId, revision: claims.posts.find((p) => p.postId === postId)!.revision };
    if (claims.action === 'reject') return describeDecision('reject', await handle.executeUpdate(rejectUpdate, { args: [{ ...seen, reason }] }), when);
    return describeDecision('approve', await handle.executeUpdate(approveUpdate, { args: [seen] }), when);
  }

  return router;
}

/** The workflow's own words when it refused the decision; undefined for failures of ours. */
function refusalOf(err: unknown): string | undefined {
  if (err instanceof WorkflowUpdateFailedError) return err.cause?.message ?? err.message;
  if (err instanceof WorkflowNotFoundError || (err as { name?: string }).name === 'WorkflowNotFoundError') return 'this post\'s approval is no longer running.';
  return undefined;
}
