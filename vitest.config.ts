import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/helpers/service-notice.ts'],
    // Progress logs would bury the test report; SOPHIA_LOG_LEVEL=info brings them back.
    env: { SOPHIA_LOG_LEVEL: process.env.SOPHIA_LOG_LEVEL ?? 'warn' },
    // PGlite runs initdb when it opens (seconds), and the stores are real, so the defaults are short.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    maxWorkers: 2,
  },
});
