import { existsSync, statSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { startCluster } from '../src/cluster.js';
import { findEmbeddedBinDirs, findLocalBinDirs } from '../src/find-binaries.js';

const [binDir] = [...(await findLocalBinDirs()), ...(await findEmbeddedBinDirs())].filter(
  (dir) => dir.canRunServer,
);

describe.skipIf(!binDir)('startCluster', () => {
  test('makes a private data directory and removes it on stop', async () => {
    const cluster = await startCluster({ binDir: binDir!.dir });
    expect(existsSync(`${cluster.dataDir}/PG_VERSION`)).toBe(true);
    expect(statSync(cluster.socketDir).mode & 0o077).toBe(0);
    expect(existsSync(`${cluster.socketDir}/.s.PGSQL.${cluster.port}`)).toBe(true);
    await cluster.stop();
    expect(existsSync(cluster.baseDir)).toBe(false);
  });
});

test('a broken program directory fails clearly', async () => {
  const error = await startCluster({ binDir: '/nonexistent/bin' }).catch((e: unknown) => e);
  expect(error).toMatchObject({ code: 'PUM_TEST_PG_START_FAILED' });
  expect((error as Error).message).toContain('initdb failed in /nonexistent/bin');
});
