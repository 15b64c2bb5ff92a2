import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    setupFiles: ['src/test-support/setup-backend.ts'],
    testTimeout: 300_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // the JSON report feeds the one-line total that .ci/run prints (scripts/test-summary.mjs)
    reporters: ['default', 'json'],
    outputFile: { json: '.vitest-report.json' },
    // Two cores: one test file at a time keeps training tests from starving each other.
    fileParallelism: false,
  },
});
