// @ts-check
import { createRequire } from 'node:module';

/**
 * Shared vitest settings, as two projects:
 * - `unit`: tests next to the code, `src/**\/*.test.ts`, no database;
 * - `integration`: `test/**\/*.test.ts`, against a real PostgreSQL started once per run
 *   by `@pum/test-postgres/global-setup` (each test file makes its own database). They spawn
 *   servers and CLIs on machines that may be busy (CI runs the packages side by side), so
 *   their default budgets are wide: a slow test is still a passing test, a hung one still fails.
 *
 * Besides vitest's own report, `@pum/test-postgres/reporter` names every skipped test and
 * skipped check, with its reason, at the end of the run.
 * @param {string} configUrl `import.meta.url` of the package's vitest.config.ts, from where
 *   `@pum/test-postgres` is resolved.
 * @returns {import('vitest/config').ViteUserConfig}
 */
export function pumVitest(configUrl) {
  const require = createRequire(configUrl);
  const globalSetup = require.resolve('@pum/test-postgres/global-setup');
  const skipReporter = require.resolve('@pum/test-postgres/reporter');
  return {
    test: {
      testTimeout: 60_000,
      hookTimeout: 180_000,
      passWithNoTests: true,
      reporters: ['default', skipReporter],
      projects: [
        { extends: true, test: { name: 'unit', include: ['src/**/*.test.ts'] } },
        {
          extends: true,
          test: {
            name: 'integration',
            include: ['test/**/*.test.ts'],
            globalSetup: [globalSetup],
            testTimeout: 180_000,
            hookTimeout: 300_000,
          },
        },
      ],
    },
  };
}
