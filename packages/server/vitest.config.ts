import { defineConfig } from 'vitest/config';

// Not the shared pumVitest() preset: this package is what starts the test servers, so its
// integration tests start their own servers and have no global setup. The harness's reporter,
// which names every skipped test, comes from source: the harness is built on this package.
export default defineConfig({
  test: {
    testTimeout: 180_000,
    hookTimeout: 180_000,
    reporters: ['default', '../../tooling/test-postgres/src/reporter.ts'],
    projects: [
      { extends: true, test: { name: 'unit', include: ['src/**/*.test.ts'] } },
      { extends: true, test: { name: 'integration', include: ['test/**/*.test.ts'] } },
    ],
  },
});
