import { foreignKey, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { organizations, users } from './core.js';

/**
 * One row per OAuth connect in flight: the browser comes back to the callback with `state`, and
 * this row says which org and user started it and holds the PKCE verifier (sealed like tokens).
 */
export const oauthConnectStates = pgTable(
  'oauth_connect_states',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    state: text('state').notNull(),
    orgId: uuid('org_id').notNull(),
    userId: uuid('user_id').notNull(),
    platform: text('platform').notNull(),
    redirectUri: text('redirect_uri').notNull(),
    codeVerifierEnc: text('code_verifier_enc'),
    /** Who may finish: the starting browser (its nonce cookie), the starting user's terminal (herald accounts finish), or the server (sandbox). */
    finishIn: text('finish_in', { enum: ['browser', 'terminal', 'server'] }).notNull().default('browser'),
    /** SHA-256 of the nonce cookie given to the browser that started the connect (finishIn = browser). */
    browserNonceHash: text('browser_nonce_hash'),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('oauth_connect_states_state_uq').on(t.state),
    index('oauth_connect_states_expires_idx').on(t.expiresAt),
    foreignKey({ name: 'oauth_connect_states_org_fk', columns: [t.orgId], foreignColumns: [organizations.id] }).onDelete('cascade'),
    foreignKey({ name: 'oauth_connect_states_user_fk', columns: [t.userId], foreignColumns: [users.id] }).onDelete('cascade'),
  ],
);

/**
 * Calls counted against a platform limit that the platform does not report (TikTok's video inits
 * per minute), one row per call, shared by every worker process. Rows older than the window are
 * deleted as the window moves.
 */
export const rateWindowCalls = pgTable(
  'rate_window_calls',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Which limit, e.g. `tiktok:video-init`. */
    scope: text('scope').notNull(),
    /** Whose calls: the social account's id. */
    key: text('key').notNull(),
    at: timestamp('at', { withTimezone: true, mode: 'date', precision: 3 }).notNull(),
  },
  (t) => [index('rate_window_calls_scope_key_at_idx').on(t.scope, t.key, t.at)],
);
