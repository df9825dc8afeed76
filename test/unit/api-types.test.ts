import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { API_TYPES_FILE, apiTypesSource } from '../../scripts/gen-api-types.js';

describe("the web app's API types", () => {
  it('match the OpenAPI document the API serves (run `npm run gen:api-types` after changing a route)', async () => {
    const committed = fs.readFileSync(API_TYPES_FILE, 'utf8');
    const fresh = await apiTypesSource();
    expect(committed === fresh, 'web/src/lib/api-types.gen.ts is stale: run `npm run gen:api-types`').toBe(true);
    // Building the document and its types takes seconds on a loaded machine, not the default 5.
  }, 60_000);
});
