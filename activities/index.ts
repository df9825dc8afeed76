import type { Database } from '../db/client.js';
import { pingActivities } from './system/ping.js';

export interface ActivityDeps {
  db: Database;
}

/** Every activity the main queue serves, bound to its dependencies. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...pingActivities(deps.db),
  };
}

export type Activities = ReturnType<typeof createActivities>;
