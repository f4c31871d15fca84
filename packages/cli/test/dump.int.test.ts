/** End-to-end `pum dump` and `pum restore`: defaults that round-trip, PUM's command lines, clear errors. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { skipUnless, useTestDatabase } from '@pum/test-postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { jsonOutput } from './json-output.js';
import { pum } from './run-pum.js';

const examples = fileURLToPath(new URL('../../../examples/', import.meta.url));
const source = useTestDatabase({ postgis: true });
const copy = useTestDatabase({ postgis: true });
const pum0Copy = useTestDatabase({ postgis: true });
const work = mkdtempSync(join(tmpdir(), 'pum-dump-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

// Servers of the version matrix come with their own client programs.
const pgBin = source.server.binDir ? ['--pg-bin', source.server.binDir] : [];

describe('pum dump and pum restore', skipUnless('pg_dump'), () => {
  it('round-trip with their defaults: a PostGIS model with data restores into a database that has PostGIS', async () => {
    const install = await pum(
      [
        'install',
        '--db',
        source.url,
        '--dir',
        'water-network',
        '--demo-data',
        'sample_town',
        '--skip-roles',
        '--json',
      ],
      { cwd: examples },
    );
    expect(install.code, install.stderr).toBe(0);
    expect(jsonOutput('install', install.stdout)).toMatchObject({ module: 'water_network' });
    const dumped = await pum(['dump', '--db', source.url, join(work, 'wn.backup'), ...pgBin]);
    expect(dumped.stderr).toBe('');
    expect(dumped.code).toBe(0);
    expect(dumped.stdout).toMatch(/^✓ dumped .* to .*wn\.backup \(custom, \d+ tables\)/);

    const restored = await pum(['restore', '--db', copy.url, join(work, 'wn.backup'), '--json', ...pgBin]);
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    const report = jsonOutput('restore', restored.stdout);
    expect(report).toMatchObject({ format: 'custom', ignoredErrors: [] });

    const check = await pum(['check', source.url, copy.url, '--data', 'wn_od.*', '--data', 'wn_vl.*']);
    expect(check.stdout).toContain('no differences');
    expect(check.code).toBe(0);
  });

  it("runs PUM 0.x's restore line: -p, -x, --exclude-schema and -- before the file", async () => {
    const result = await pum([
      'restore',
      '-p',
      pum0Copy.url,
      '-x',
      '--exclude-schema',
      'public',
      '--exclude-schema',
      'topology',
      ...pgBin,
      '--',
      join(work, 'wn.backup'),
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const plain = await pum([
      'dump',
      '-p',
      pum0Copy.url,
      '-f',
      'plain',
      join(work, 'wn.sql'),
      '--json',
      ...pgBin,
    ]);
    expect(jsonOutput('dump', plain.stdout)).toMatchObject({ command: 'dump', format: 'plain' });
    const client = await pum0Copy.connect();
    const { rows } = await client.query('SELECT count(*)::int AS n FROM wn_od.pipe');
    expect(rows).toEqual([{ n: 2 }]);
  });

  it('names what is wrong: a missing file, a corrupt dump, pg_dump nowhere, a bad --jobs', async () => {
    const missing = await pum(['restore', '--db', copy.url, join(work, 'nope.backup'), ...pgBin]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^error .*nope\.backup/);
    expect(missing.stderr).not.toMatch(/\n\s+at /);

    writeFileSync(join(work, 'corrupt.backup'), 'PGDMP this is not an archive');
    const corrupt = await pum(['restore', '--db', copy.url, join(work, 'corrupt.backup'), ...pgBin]);
    expect(corrupt.code).toBe(2);
    expect(corrupt.stderr).toMatch(/^error /);

    const nowhere = await pum(['dump', '--db', source.url, join(work, 'x.backup'), '--pg-bin', work]);
    expect(nowhere.code).toBe(2);
    expect(nowhere.stderr).toMatch(/^error .*pg_dump/);

    const jobs = await pum(['dump', '--db', source.url, join(work, 'x.backup'), '--jobs', 'many']);
    expect(jobs.code).toBe(2);
    expect(jobs.stderr).toMatch(/^error --jobs many: expected a whole number/);
  });
});
