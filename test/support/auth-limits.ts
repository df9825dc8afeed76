import { like } from 'drizzle-orm';
import { authAttempts } from '../../db/schema/index.js';
import type { TestStack } from './stack.js';

/**
 * Every request of a test comes from 127.0.0.1, so the per-network sign-up and login limits would
 * carry over from one test to the next: start a test with the network's budget unused.
 */
export async function resetNetworkLimits(stack: Pick<TestStack, 'database'>): Promise<void> {
  await stack.database.db.delete(authAttempts).where(like(authAttempts.key, 'ip:%'));
}
