import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    reporters: ['default', './test/support/summaryReporter.ts'],
    projects: [
      {
        test: {
          name: 'bridge',
          include: ['test/**/*.test.ts'],
          // Forks, not threads: child processes inherit NODE_EXTRA_CA_CERTS set by the global setup.
          pool: 'forks',
          globalSetup: ['test/support/globalSetup.ts'],
          testTimeout: 30_000,
          hookTimeout: 90_000,
        },
      },
      // The local Functions host is a workspace package with its own tests and config.
      'dev/functions-host',
    ],
  },
});
