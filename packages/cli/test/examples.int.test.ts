/**
 * The example data models build what they claim: the PUM 1.x module installed at its first
 * version and upgraded equals a fresh install of its last version, and the PUM 0.x layout of the
 * same model builds the same schema. PostGIS examples run with PostGIS.
 */
import { fileURLToPath } from 'node:url';
import { useTestDatabase } from '@pum/test-postgres';
import { describe, expect, it } from 'vitest';
import { pum } from './run-pum.js';

const examples = fileURLToPath(new URL('../../../examples/', import.meta.url));
// PostGIS is asked for per block: without it, only the PostGIS examples are skipped.
const plainUpgraded = useTestDatabase();
const plainReference = useTestDatabase();

async function ok(args: string[]) {
  const result = await pum(args, { cwd: examples });
  expect(result.stderr, `pum ${args.join(' ')}`).not.toMatch(/^error/m);
  expect(result.code, `pum ${args.join(' ')}: ${result.stderr}`).toBe(0);
  return result;
}

describe('PostGIS examples', () => {
  const upgraded = useTestDatabase({ postgis: true });
  const reference = useTestDatabase({ postgis: true });
  const pum0 = useTestDatabase({ postgis: true });

  it('water-network: installed at 1.0.0 and upgraded equals a fresh install of 1.2.0', async () => {
    const first = await ok([
      'install',
      '--db',
      upgraded.url,
      '--dir',
      'water-network',
      '--max-version',
      '1.0.0',
    ]);
    expect(first.stdout).toContain('at 1.0.0');
    const upgrade = await ok(['upgrade', '--db', upgraded.url, '--dir', 'water-network']);
    expect(upgrade.stdout.match(/✓ changelogs\/\S+/g)).toEqual([
      '✓ changelogs/1.1.0/01_pipe_diameter.sql',
      '✓ changelogs/1.1.0/02_pipe_material_index.sql',
      '✓ changelogs/1.2.0/01_hydrant.sql',
      '✓ changelogs/1.2.0/02_backfill_diameters.mjs',
    ]);
    await ok(['install', '--db', reference.url, '--dir', 'water-network', '--demo-data', 'sample_town']);
    const check = await pum(['check', upgraded.url, reference.url], { cwd: examples });
    expect(check.stdout).toContain('no differences');
    expect(check.code).toBe(0);

    const client = await reference.connect();
    const { rows } = await client.query(
      'SELECT material_label, length_m::float AS length FROM wn_app.vw_pipe ORDER BY id',
    );
    expect(rows).toEqual([
      { material_label: 'ductile iron', length: 170 },
      { material_label: 'polyethylene', length: 161.55 },
    ]);
    // The application follows a moved node.
    await client.query(
      "UPDATE wn_od.node SET geometry = ST_SetSRID(ST_MakePoint(2600150, 1200000), 2056) WHERE name = 'square'",
    );
    expect((await client.query('SELECT length_m::float AS l FROM wn_app.vw_pipe ORDER BY id')).rows).toEqual([
      { l: 150 },
      { l: 151.33 },
    ]);
  });

  it('water-network-pum0: the PUM 0.x layout of the model builds the same schema', async () => {
    const result = await ok([
      'upgrade',
      '--db',
      pum0.url,
      '--dir',
      'water-network-pum0/delta',
      '-v',
      'int',
      'SRID',
      '2056',
      '-v',
      'str',
      'lang',
      'en',
    ]);
    expect(result.stdout).toContain('now at 1.2.0');
    // The histories differ by design (public.pum_history vs wn_sys), and only the 1.x module
    // declares roles and grants.
    const check = await pum(
      ['check', pum0.url, reference.url, '-N', 'public', '-N', 'wn_sys', '--ignore-privileges'],
      { cwd: examples },
    );
    expect(check.stdout).toContain('no differences');
    expect(check.code).toBe(0);
  });
});

describe('examples without PostGIS', () => {
  it('plain-network: runs without PostGIS, installed then upgraded equals a fresh install', async () => {
    await ok(['install', '--db', plainUpgraded.url, '--dir', 'plain-network', '--max-version', '1.1.0']);
    await ok(['upgrade', '--db', plainUpgraded.url, '--dir', 'plain-network', '--param', 'lang=en']);
    await ok(['install', '--db', plainReference.url, '--dir', 'plain-network', '--demo-data', 'sample_town']);
    const check = await pum(['check', plainUpgraded.url, plainReference.url], { cwd: examples });
    expect(check.code).toBe(0);
    const client = await plainReference.connect();
    expect((await client.query('SELECT count(*)::int AS n FROM pn_app.vw_pipe')).rows[0].n).toBe(2);
  });
});
