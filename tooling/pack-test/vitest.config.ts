import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

// Not the shared pumVitest() preset: the integration tests need a second global setup (the
// packing) and time for npm installs, and they stay out of `pnpm test:matrix` (which runs the
// packages built on pumVitest() once per PostgreSQL major): what they prove — each package
// installs and works on its own — does not depend on the major, which each package's own
// tests cover.
const require = createRequire(import.meta.url);

export default defineConfig({
  test: {
    testTimeout: 300_000,
    hookTimeout: 180_000,
    passWithNoTests: true,
    reporters: ['default', require.resolve('@pum/test-postgres/reporter')],
    projects: [
      { extends: true, test: { name: 'unit', include: ['src/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          globalSetup: [require.resolve('@pum/test-postgres/global-setup'), './test/global-setup.ts'],
        },
      },
    ],
  },
});
