import { defineConfig } from 'vitest/config';

// Not the shared pumVitest() preset: this package is what starts the test servers, so its
// integration tests start their own servers and have no global setup.
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['src/**/*.test.ts'] } },
      { extends: true, test: { name: 'integration', include: ['test/**/*.test.ts'] } },
    ],
  },
});
