// @ts-check
/**
 * Shared vitest settings, as two projects:
 * - `unit`: tests next to the code, `src/**\/*.test.ts`, no database;
 * - `integration`: `test/**\/*.test.ts`, against a real PostgreSQL started once per run
 *   by `@pum/test-postgres/global-setup` (each test file makes its own database).
 * @returns {import('vitest/config').ViteUserConfig}
 */
export function pumVitest() {
  return {
    test: {
      testTimeout: 60_000,
      hookTimeout: 180_000,
      projects: [
        { extends: true, test: { name: 'unit', include: ['src/**/*.test.ts'] } },
        {
          extends: true,
          test: {
            name: 'integration',
            include: ['test/**/*.test.ts'],
            globalSetup: ['@pum/test-postgres/global-setup'],
          },
        },
      ],
    },
  };
}
