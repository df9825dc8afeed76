import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';

export const WORKFLOWS_PATH = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

/**
 * Bundles workflow code once per process. Sources import with `.js` suffixes (NodeNext ESM), so
 * webpack is told that `./x.js` may be `./x.ts`. A failed bundle throws with webpack's own
 * explanation (e.g. which forbidden module was imported) instead of only a link.
 */
export async function buildWorkflowBundle(workflowsPath = WORKFLOWS_PATH): Promise<WorkflowBundleWithSourceMap> {
  const errors: string[] = [];
  const noop = () => undefined;
  const logger = {
    trace: noop,
    debug: noop,
    info: noop,
    warn: noop,
    log: noop,
    error: (message: string, meta?: Record<string, unknown>) => errors.push([message, meta ? JSON.stringify(meta) : ''].join(' ')),
  };
  try {
    return await bundleWorkflowCode({
      workflowsPath,
      logger,
      webpackConfigHook: (config) => {
        config.resolve = { ...config.resolve, extensionAlias: { '.js': ['.ts', '.js'] } };
        return config;
      },
    });
  } catch (err) {
    throw new Error(`Workflow bundle failed: ${(err as Error).message}\n${errors.join('\n')}`, { cause: err });
  }
}
