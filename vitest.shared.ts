// Test settings every package shares (each package's vitest.config.ts spreads these).
export const sharedTestConfig = {
  include: ['src/**/*.test.ts'],
  testTimeout: 300_000,
  hookTimeout: 120_000,
  pool: 'forks' as const,
  // the JSON report feeds the one-line total that .ci/run prints (scripts/test-summary.mjs)
  reporters: ['default', 'json'],
  outputFile: { json: '.vitest-report.json' },
  // Two cores: one test file at a time keeps training tests from starving each other.
  fileParallelism: false,
};
