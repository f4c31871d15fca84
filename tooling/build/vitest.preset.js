// @ts-check
import { createRequire } from 'node:module';

/**
 * Shared vitest settings, as two projects:
 * - `unit`: tests next to the code, `src/**\/*.test.ts`, no database;
 * - `integration`: `test/**\/*.test.ts`, against a real PostgreSQL started once per run
 *   by `@pum/test-postgres/global-setup` (each test file makes its own database).
 * @param {string} configUrl `import.meta.url` of the package's vitest.config.ts, from where
 *   `@pum/test-postgres` is resolved.
 * @returns {import('vitest/config').ViteUserConfig}
 */
export function pumVitest(configUrl) {
  const globalSetup = createRequire(configUrl).resolve('@pum/test-postgres/global-setup');
  return {
    test: {
      testTimeout: 60_000,
      hookTimeout: 180_000,
      passWithNoTests: true,
      projects: [
        { extends: true, test: { name: 'unit', include: ['src/**/*.test.ts'] } },
        {
          extends: true,
          test: { name: 'integration', include: ['test/**/*.test.ts'], globalSetup: [globalSetup] },
        },
      ],
    },
  };
}
