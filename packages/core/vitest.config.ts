import { defineConfig } from 'vitest/config';

// Unit tests only: the database tests of the quoting helpers live in @pum/introspect, because
// the test harness runs on @pum/server, which depends on this package. For the same reason the
// harness's reporter (it names every skipped test) comes from source.
export default defineConfig({
  test: {
    reporters: ['default', '../../tooling/test-postgres/src/reporter.ts'],
    projects: [{ extends: true, test: { name: 'unit', include: ['src/**/*.test.ts'] } }],
  },
});
