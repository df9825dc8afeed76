import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'test/unit/**/*.test.tsx'],
          environment: 'node',
          // Unit tests first, then integration: vitest runs projects with different maxWorkers in
          // separate groups, and refuses to start when they share one.
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'web',
          // Component tests: React screens rendered in happy-dom, talking to a stubbed fetch.
          include: ['test/web/**/*.test.tsx'],
          environment: 'happy-dom',
          setupFiles: ['test/web/setup.ts'],
          // A screen that renders in 1 s alone takes 5+ s beside the integration files on a loaded
          // 2-core machine (a support-console test timed out at vitest's default 5 s).
          testTimeout: 30_000,
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          setupFiles: ['test/support/file-database.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // Each file has its own database and task queues, so files can share the machine; two at a
          // time on 2 cores, since each file also drives the shared Temporal server and Postgres.
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
