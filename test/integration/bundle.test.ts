import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildWorkflowBundle } from '../../workers/bundle.js';

describe('workflow bundle', () => {
  it('builds from the real workflows', async () => {
    const bundle = await buildWorkflowBundle();
    expect(bundle.code).toContain('pingWorkflow');
  });

  it('fails when workflow code imports a Node module, naming the import', async () => {
    const forbidden = fileURLToPath(new URL('../fixtures/forbidden-workflows/index.ts', import.meta.url));
    await expect(buildWorkflowBundle(forbidden)).rejects.toThrow(/node:fs/);
  });
});
