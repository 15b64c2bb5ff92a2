import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // the JSON report feeds the one-line total that .ci/run prints (scripts/test-summary.mjs)
    reporters: ['default', 'json'],
    outputFile: { json: '.vitest-report.json' },
    fileParallelism: false,
  },
});
