import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';

/** What bench/analytics.ts and bench/api-load.ts read: an org with 10,000 posts over 12 months. */
export const POSTS = 10_000;

async function insertOrg(db: Database, name: string): Promise<string> {
  const { rows } = await db.execute(sql`insert into organizations (name, slug) values (${name}, ${`${name}-${randomBytes(3).toString('hex')}`}) returning id`);
  return (rows[0] as { id: string }).id;
}

/**
 * A year of an org's published posts (POSTS, two platforms each), their five metric checkpoints,
 * daily account reads and a weekly strategy and learning analysis per week; into `existingOrgId`
 * when given (an org with an owner, for HTTP reads), else into a new org named `name`.
 */
export async function seedOrg(db: Database, name: string, start: Date, existingOrgId?: string): Promise<string> {
  const orgId = existingOrgId ?? (await insertOrg(db, name));
  const stepMinutes = (365 * 24 * 60) / POSTS;
  await db.execute(sql`insert into social_accounts (org_id, platform, external_id, display_name)
    select ${orgId}, p, p || '-1', 'Bench ' || p from unnest(array['x', 'instagram', 'linkedin', 'facebook']) p`);
  await db.execute(sql`insert into posts (org_id, scheduled_at, slot_key, stage, brief, approved_at)
    select ${orgId}, ts, 'bench:' || to_char(ts at time zone 'Europe/Berlin', 'YYYY-MM-DD"@"HH24:MI'), 'published',
      jsonb_build_object('topic', 't', 'brief', 'b', 'contentType', (array['educational', 'promotional', 'behind-the-scenes', 'question'])[1 + g % 4]),
      ts - interval '1 day'
    from generate_series(1, ${POSTS}) g, lateral (select date_trunc('minute', ${start.toISOString()}::timestamptz + g * ${stepMinutes}::float8 * interval '1 minute') as ts) t`);
  // Each target carries its slot's prediction, as planning writes it (the strategies below say the same).
  await db.execute(sql`insert into post_targets (post_id, org_id, platform, social_account_id, stage, text, hashtags, published_at, predicted_engagement_rate, prediction_confidence)
    select p.id, p.org_id, pl, a.id, 'published', 'Bench post ' || p.id, jsonb_build_array('#Tag' || (h % 8), '#tag' || ((h + 3) % 8)),
      p.scheduled_at + (h % 3) * interval '40 seconds', 0.03, 0.5
    from (select *, row_number() over (order by scheduled_at) as h from posts where org_id = ${orgId}) p
    cross join lateral unnest(case when p.h % 2 = 0 then array['x', 'instagram'] else array['linkedin', 'facebook'] end) pl
    join social_accounts a on a.org_id = p.org_id and a.platform = pl`);
  await db.execute(sql`insert into metric_snapshots (org_id, post_id, target_id, social_account_id, platform, checkpoint, status, due_at, recorded_at, reach, engagements)
    select t.org_id, t.post_id, t.id, t.social_account_id, t.platform, c.checkpoint, 'taken', t.published_at + c.offset_, t.published_at + c.offset_,
      (200 + abs(hashtext(t.id::text)) % 1000) * c.share, ((200 + abs(hashtext(t.id::text)) % 1000) * c.share * (1 + abs(hashtext(t.post_id::text)) % 6) / 100)
    from post_targets t
    cross join (values ('15m', interval '15 minutes', 0.1), ('1h', interval '1 hour', 0.3), ('4h', interval '4 hours', 0.6), ('12h', interval '12 hours', 0.9), ('24h', interval '24 hours', 1.0))
      as c(checkpoint, offset_, share)
    where t.org_id = ${orgId}`);
  await db.execute(sql`insert into post_revisions (post_id, org_id, revision, kind, actor, snapshot, at)
    select id, org_id, 2, 'edit', 'bench', '{}', approved_at - interval '1 hour' from posts where org_id = ${orgId} and abs(hashtext(id::text)) % 7 = 0`);
  await db.execute(sql`insert into account_metric_reads (org_id, social_account_id, platform, day, status, followers, reach, reason)
    select a.org_id, a.id, a.platform, d::date, case when a.platform = 'linkedin' then 'unavailable' else 'taken' end,
      case when a.platform = 'linkedin' then null else 1000 + n * 3 end, case when a.platform in ('instagram', 'facebook') then 500 + n % 50 end,
      case when a.platform = 'linkedin' then 'no r_member_followers' end
    from social_accounts a, generate_series(${start.toISOString()}::date, ${start.toISOString()}::date + 365, interval '1 day') with ordinality as s(d, n)
    where a.org_id = ${orgId}`);
  // One approved weekly strategy per week, predicting each planned post's engagement rate.
  await db.execute(sql`insert into ai_outputs (org_id, task, prompt_version, provider, model, output)
    select ${orgId}, 'strategy.weekly', 'bench', 'bench', 'bench', jsonb_build_object('weekStart', week, 'days', jsonb_agg(jsonb_build_object('date', day, 'posts', planned)))
    from (
      select to_char(date_trunc('week', local), 'YYYY-MM-DD') as week, to_char(local, 'YYYY-MM-DD') as day,
        jsonb_agg(jsonb_build_object('platform', t.platform, 'time', to_char(local, 'HH24:MI'), 'predictedEngagementRate', t.predicted_engagement_rate, 'confidence', t.prediction_confidence)) as planned
      from posts p join post_targets t on t.post_id = p.id, lateral (select p.scheduled_at at time zone 'Europe/Berlin' as local) l
      where p.org_id = ${orgId} group by 1, 2
    ) days group by week`);
  await db.execute(sql`insert into weekly_strategies (org_id, user_id, week_start, plan_start, purpose, status, output_id)
    select org_id, gen_random_uuid(), (output->>'weekStart')::date, (output->>'weekStart')::date, 'presentation', 'approved', id::text
    from ai_outputs where org_id = ${orgId} and task = 'strategy.weekly'`);
  await db.execute(sql`insert into ai_outputs (org_id, task, prompt_version, provider, model, output)
    select ${orgId}, 'learning.weekly', 'bench', 'bench', 'bench', jsonb_build_object('weekStart', output->>'weekStart', 'headline', 'A week of posts.',
      'byPlatform', '[]'::jsonb, 'byContentType', '[]'::jsonb, 'byTimeSlot', '[]'::jsonb, 'byHashtag', '[]'::jsonb, 'recommendations', jsonb_build_array('Keep going.'))
    from ai_outputs where org_id = ${orgId} and task = 'strategy.weekly'`);
  return orgId;
}
