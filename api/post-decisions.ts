import { eq } from 'drizzle-orm';
import type { Logger } from 'pino';
import { z } from 'zod';
import { PLATFORM_LIMITS } from '../core/platform-rules/index.js';
import { isPrivacyPlatform, missingPrivacyChoices, missingPrivacyMessage, PRIVACY_LEVELS } from '../core/privacy.js';
import { postTargets } from '../db/schema/index.js';
import { workflowIds } from '../temporal-config/workflow-ids.js';
import { approveUpdate, rejectUpdate, type PostState } from '../workflows/post.js';
import { platformServicesOf, type ApiContext } from './context.js';
import { HttpError } from './errors.js';
import { onWorkflow } from './temporal-errors.js';

export const privacyChoice = z
  .object({ tiktok: z.enum(PRIVACY_LEVELS.tiktok).optional(), youtube: z.enum(PRIVACY_LEVELS.youtube).optional() })
  .strict();
export const rejectionReason = z.string().trim().min(1, 'say why: the replacement is written from the reason').max(1000);

export type PostDecision = { action: 'approve'; privacy?: z.infer<typeof privacyChoice> } | { action: 'reject'; reason: string };

/**
 * Approving and rejecting a post: the Updates on its workflow, sent the same way by the one-post
 * routes (api/routes/posts.ts) and the bulk route (api/routes/approvals.ts).
 */
export function postDecisions(ctx: ApiContext) {
  /**
   * The privacy levels the target's connected account offers, asked of the platform (TikTok's
   * creator_info); undefined where the platform has no per-account choices or cannot answer now
   * (the level is then checked again at publish). `log` is the request's, so its lines carry the request id.
   */
  async function accountPrivacyOptions(target: { platform: string; socialAccountId: string | null }, log: Logger): Promise<string[] | undefined> {
    if (!target.socialAccountId || !isPrivacyPlatform(target.platform)) return undefined;
    try {
      const { registry, sessions } = platformServicesOf(ctx);
      if (!registry.adapter(target.platform).privacyOptions) return undefined;
      return await sessions.run(target.socialAccountId, (session, adapter) => adapter.privacyOptions!(session));
    } catch (err) {
      log.warn({ platform: target.platform, accountId: target.socialAccountId, err: (err as Error).message }, 'could not read the account\'s privacy options');
      return undefined;
    }
  }

  /** Refuses at once (400) an approval of a TikTok target that still needs its privacy choice, or a level the account does not offer. */
  async function checkPrivacyChoices(postId: string, privacy: z.infer<typeof privacyChoice>, log: Logger): Promise<void> {
    const targets = await ctx.db
      .select({ platform: postTargets.platform, privacyLevel: postTargets.privacyLevel, socialAccountId: postTargets.socialAccountId })
      .from(postTargets)
      .where(eq(postTargets.postId, postId));
    const missing = missingPrivacyChoices(targets, privacy);
    if (missing.length > 0) throw new HttpError(400, 'privacy_choice_needed', missingPrivacyMessage(missing));
    // A level the connected account does not offer would only fail at publish time: refuse it now.
    for (const target of targets) {
      const { platform } = target;
      if (!isPrivacyPlatform(platform)) continue;
      const chosen = privacy[platform];
      if (!chosen) continue;
      const offered = await accountPrivacyOptions(target, log);
      if (offered && !offered.includes(chosen)) {
        throw new HttpError(400, 'privacy_level_not_offered', `This ${PLATFORM_LIMITS[platform].label} account does not offer ${chosen}; choose one of ${offered.join(', ')} (privacy.${platform}).`);
      }
    }
  }

  /** Sends the decision on a post of the caller's org; refusals are HttpErrors (409 from the workflow, 400 privacy, 404). */
  async function decide(postId: string, actorId: string, decision: PostDecision, log: Logger): Promise<PostState> {
    const handle = ctx.temporal.workflow.getHandle(workflowIds.post(postId));
    return onWorkflow('The post\'s approval', async () => {
      if (decision.action === 'reject') return handle.executeUpdate(rejectUpdate, { args: [{ actorId, reason: decision.reason }] });
      const privacy = decision.privacy ?? {};
      await checkPrivacyChoices(postId, privacy, log);
      return handle.executeUpdate(approveUpdate, { args: [{ actorId, ...(decision.privacy ? { privacy } : {}) }] });
    });
  }

  return { accountPrivacyOptions, decide };
}
