import { asc, eq } from 'drizzle-orm';
import type { Platform } from '../../core/platforms.js';
import type { Database } from '../../db/client.js';
import { brandProfiles, organizations } from '../../db/schema/index.js';
import { loadAgentProfile, type AgentProfile } from './profile.js';

/**
 * For editing a person's own post: their brand profile, else the org's first one, else what the
 * org's name alone says (a team member without a cycle of their own can still adapt a post).
 */
export async function loadWriterProfile(db: Database, orgId: string, userId: string, platforms: Platform[]): Promise<AgentProfile> {
  const rows = await db.select({ userId: brandProfiles.userId }).from(brandProfiles).where(eq(brandProfiles.orgId, orgId)).orderBy(asc(brandProfiles.createdAt));
  const owner = rows.find((r) => r.userId === userId) ?? rows[0];
  if (owner) return loadAgentProfile(db, orgId, owner.userId);
  const [org] = await db.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, orgId));
  return { businessName: org?.name ?? 'our business', industry: '', audience: '', brandVoice: 'friendly', goals: [], platforms, contentRestrictions: [], timeZone: 'UTC' };
}
