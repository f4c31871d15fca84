import { defineConfig } from 'vitest/config';

// Unit tests only: the database tests of the quoting helpers live in @pum/introspect, because
// the test harness runs on @pum/server, which depends on this package.
export default defineConfig({
  test: { projects: [{ extends: true, test: { name: 'unit', include: ['src/**/*.test.ts'] } }] },
});
