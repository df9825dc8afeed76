import { and, eq } from 'drizzle-orm';
import type { BrandDetails } from '../../core/brand-profile.js';
import { isPlatform, type Platform } from '../../core/platforms.js';
import type { Database } from '../../db/client.js';
import { brandProfiles } from '../../db/schema/index.js';

/** The brand profile as every agent reads it. */
export interface AgentProfile {
  businessName: string;
  industry: string;
  audience: string;
  brandVoice: string;
  goals: string[];
  platforms: Platform[];
  contentRestrictions: string[];
  timeZone: string;
  /** The optional onboarding details: website and promotions, priorities, visual style, competitors ... */
  details?: BrandDetails;
}

export async function loadAgentProfile(db: Database, orgId: string, userId: string): Promise<AgentProfile> {
  const [row] = await db
    .select()
    .from(brandProfiles)
    .where(and(eq(brandProfiles.orgId, orgId), eq(brandProfiles.userId, userId)));
  if (!row) throw new Error(`No brand profile for user ${userId} in organisation ${orgId}: finish onboarding first.`);
  return {
    businessName: row.businessName,
    industry: row.industry,
    audience: row.audience,
    brandVoice: row.brandVoice,
    goals: row.goals,
    platforms: row.platforms.filter(isPlatform),
    contentRestrictions: row.contentRestrictions,
    timeZone: row.timeZone,
    details: row.details,
  };
}
