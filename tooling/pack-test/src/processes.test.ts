import { delimiter, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isInside, userEnvironment } from './processes.js';

describe('userEnvironment', () => {
  const root = join('/', 'repo');

  it("leaves out the runners' variables and the workspace's PATH entries, keeps network settings", () => {
    const env = userEnvironment(
      {
        HOME: '/home/me',
        PATH: [
          join(root, 'node_modules', '.bin'),
          '/usr/bin',
          join(root, 'tooling', 'x', 'node_modules', '.bin'),
        ].join(delimiter),
        npm_config_local_prefix: join(root, 'tooling', 'x'),
        npm_lifecycle_event: 'test',
        npm_config_registry: 'https://registry.example/',
        NPM_CONFIG_CACHE: '/cache',
        PNPM_PACKAGE_NAME: '@pum/x',
        TURBO_HASH: 'abc',
        VITEST_WORKER_ID: '1',
        PGHOST: 'elsewhere',
        PUM_TEST_REQUIRE_POSTGIS: '1',
        NODE_OPTIONS: '--import x',
        FORCE_COLOR: '1',
      },
      {
        workspaceRoot: root,
        prependPath: ['/usr/lib/postgresql/15/bin'],
        extra: { DATABASE_URL: 'postgres://x' },
      },
    );
    expect(env).toEqual({
      HOME: '/home/me',
      PATH: ['/usr/lib/postgresql/15/bin', '/usr/bin'].join(delimiter),
      npm_config_registry: 'https://registry.example/',
      NPM_CONFIG_CACHE: '/cache',
      NO_COLOR: '1',
      DATABASE_URL: 'postgres://x',
    });
  });
});

describe('isInside', () => {
  it('is true for the directory and below, false for siblings with the same prefix', () => {
    expect(isInside('/repo', '/repo')).toBe(true);
    expect(isInside('/repo', '/repo/a/b')).toBe(true);
    expect(isInside('/repo', '/repo-2/a')).toBe(false);
    expect(isInside('/repo', '/tmp/x')).toBe(false);
  });
});
