import { defineConfig } from 'vitest/config';

// The test harness's reporter (it names every skipped test) from source: this package is below it.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    reporters: ['default', '../test-postgres/src/reporter.ts'],
  },
});
