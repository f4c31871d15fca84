/**
 * Issue 15, item 4: a `.pum.yaml` grant on a schema that does not exist (TEKSI's `tww_app` when
 * the application is skipped) is a warning, as in PUM 1.8 — listed once, everything else
 * granted — and `--strict` makes it an error: exit 2 with the database as it was, or exit 8
 * saying what a command hook had committed before.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { queryUrl, useTestDatabase } from '@pum/test-postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { pum } from './run-pum.js';
import { writeTree } from './write-tree.js';

const installed = useTestDatabase();
const strict = useTestDatabase();
const committed = useTestDatabase();
const rehearsed = useTestDatabase();
const work = mkdtempSync(join(tmpdir(), 'pum-grants-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A TEKSI-like module: the viewer reads the data and the application schema its create hook makes. */
function teksiLike(p: string, { v110 = false, createHook = '' } = {}): Record<string, string> {
  return {
    '.pum.yaml': `pum:
  module: ${p}
  migration_table_schema: ${p}_sys
roles:
  - name: ${p}_viewer
    permissions:
      - type: read
        schemas: [${p}_od, ${p}_sys, ${p}_app]
  - name: ${p}_user
    inherit: ${p}_viewer
    permissions:
      - type: write
        schemas: [${p}_od]
application:
  drop:
    - code: DROP SCHEMA IF EXISTS ${p}_app CASCADE;
  create:
${createHook || `    - code: CREATE SCHEMA ${p}_app; CREATE VIEW ${p}_app.vw_reach AS SELECT * FROM ${p}_od.reach;`}
`,
    'changelogs/1.0.0/01_init.sql': `CREATE SCHEMA ${p}_od;\nCREATE TABLE ${p}_od.reach (id serial PRIMARY KEY, name text);\n`,
    ...(v110 ? { 'changelogs/1.1.0/01_cover.sql': `CREATE TABLE ${p}_od.cover (id int);\n` } : {}),
  };
}

/** What a failed strict run must leave as it was: schemas, tables, roles and the history rows. */
async function state(url: string, p: string) {
  const [facts] = await queryUrl<{
    schemas: string[] | null;
    tables: string[] | null;
    roles: string[] | null;
  }>(
    url,
    `SELECT (SELECT array_agg(nspname::text ORDER BY nspname) FROM pg_namespace WHERE nspname LIKE '${p}\\_%') AS schemas,
       (SELECT array_agg(format('%s.%s', schemaname, tablename) ORDER BY 1) FROM pg_tables WHERE schemaname LIKE '${p}\\_%') AS tables,
       (SELECT array_agg(rolname::text ORDER BY rolname) FROM pg_roles WHERE rolname LIKE '${p}\\_%') AS roles`,
  );
  if (facts === undefined) throw new Error('no row');
  const history = facts.tables?.includes(`${p}_sys.pum_history`)
    ? await queryUrl(url, `SELECT * FROM ${p}_sys.pum_history ORDER BY id`)
    : [];
  return { ...facts, history };
}

describe('a .pum.yaml grant on a schema that does not exist', () => {
  it('install --skip-create-app: a warning listed once, naming the schema and the role; every other grant given', async () => {
    writeTree(join(work, 'gmw'), teksiLike('gmw'));
    const result = await pum(['install', '--db', installed.url, '--dir', 'gmw', '--skip-create-app'], {
      cwd: work,
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/installed gmw into .* at 1\.0\.0 \(1 warning, listed on stderr\)\n$/);
    expect(result.stderr).toBe(
      'warning .pum.yaml#grants: schema "gmw_app" does not exist: read permission of role "gmw_viewer" not granted\n',
    );
    const [privileges] = await queryUrl(
      installed.url,
      `SELECT has_schema_privilege('gmw_viewer', 'gmw_od', 'USAGE') AS od_usage,
         has_schema_privilege('gmw_viewer', 'gmw_sys', 'USAGE') AS sys_usage,
         has_table_privilege('gmw_viewer', 'gmw_od.reach', 'SELECT') AS viewer_select,
         has_table_privilege('gmw_viewer', 'gmw_od.reach', 'UPDATE') AS viewer_update,
         has_table_privilege('gmw_viewer', 'gmw_sys.pum_history', 'SELECT') AS viewer_history,
         has_table_privilege('gmw_user', 'gmw_od.reach', 'INSERT, UPDATE, DELETE') AS user_write,
         to_regnamespace('gmw_app') IS NULL AS no_app`,
    );
    expect(privileges).toEqual({
      od_usage: true,
      sys_usage: true,
      viewer_select: true,
      viewer_update: false,
      viewer_history: true,
      user_write: true,
      no_app: true,
    });
  });

  it('upgrade --skip-create-app warns the same way, in the summary and in --json', async () => {
    const text = await pum(['upgrade', '--db', installed.url, '--dir', 'gmw', '--skip-create-app'], {
      cwd: work,
    });
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/applied 3 file\(s\) \(1 warning, listed on stderr\)\n$/);
    expect(text.stderr.match(/^warning .*$/gm)).toEqual([
      'warning .pum.yaml#grants: schema "gmw_app" does not exist: read permission of role "gmw_viewer" not granted',
    ]);
    const json = await pum(
      ['upgrade', '--db', installed.url, '--dir', 'gmw', '--skip-create-app', '--json'],
      { cwd: work },
    );
    expect(json.code).toBe(0);
    expect(json.stderr).toBe('');
    expect(JSON.parse(json.stdout).warnings).toEqual([
      {
        code: 'PUM_GRANT_SCHEMA_MISSING',
        message: 'schema "gmw_app" does not exist: read permission of role "gmw_viewer" not granted',
        path: '.pum.yaml#grants',
        details: { role: 'gmw_viewer', permission: 'read', schema: 'gmw_app' },
      },
    ]);
    // With the application, nothing to warn about; the viewer reads it.
    const full = await pum(['upgrade', '--db', installed.url, '--dir', 'gmw'], { cwd: work });
    expect(full.code).toBe(0);
    expect(full.stderr).toBe('');
    const [app] = await queryUrl(
      installed.url,
      "SELECT has_table_privilege('gmw_viewer', 'gmw_app.vw_reach', 'SELECT') AS select",
    );
    expect(app).toEqual({ select: true });
  });

  it('--strict: install and upgrade fail with exit 2, the database as it was', async () => {
    writeTree(join(work, 'gms'), teksiLike('gms'));
    writeTree(join(work, 'gms-1.1'), teksiLike('gms', { v110: true }));
    const empty = await state(strict.url, 'gms');
    const refused = await pum(
      ['install', '--db', strict.url, '--dir', 'gms', '--skip-create-app', '--strict'],
      { cwd: work },
    );
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toContain(
      'error 1 warning(s), an error in a strict run:\n  .pum.yaml#grants: schema "gms_app" does not exist: read permission of role "gms_viewer" not granted (PUM_STRICT_WARNINGS)',
    );
    expect(refused.stderr).not.toContain('changed');
    expect(await state(strict.url, 'gms')).toEqual(empty);
    expect(empty).toEqual({ schemas: null, tables: null, roles: null, history: [] });

    // Installed without --strict; a strict upgrade with a pending version changes nothing either.
    expect((await pum(['install', '--db', strict.url, '--dir', 'gms'], { cwd: work })).code).toBe(0);
    const before = await state(strict.url, 'gms');
    const upgrade = await pum(
      ['upgrade', '--db', strict.url, '--dir', 'gms-1.1', '--skip-create-app', '--strict'],
      { cwd: work },
    );
    expect(upgrade.code).toBe(2);
    expect(upgrade.stderr).toContain('(PUM_STRICT_WARNINGS)');
    expect(upgrade.stderr).toContain('schema "gms_app" does not exist');
    expect(await state(strict.url, 'gms')).toEqual(before);
    expect(before.tables).not.toContain('gms_od.cover');

    const json = await pum(
      ['upgrade', '--db', strict.url, '--dir', 'gms-1.1', '--skip-create-app', '--strict', '--json'],
      { cwd: work },
    );
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout).error.code).toBe('PUM_STRICT_WARNINGS');
    expect(await state(strict.url, 'gms')).toEqual(before);

    // --strict with nothing to warn about upgrades as usual.
    const clean = await pum(['upgrade', '--db', strict.url, '--dir', 'gms-1.1', '--strict'], { cwd: work });
    expect(clean.code).toBe(0);
    expect(clean.stderr).toBe('');
    expect((await state(strict.url, 'gms')).tables).toContain('gms_od.cover');
  });

  it('test-and-upgrade --strict: the rehearsal meets the warning and stops, exit 2, production as it was', {
    timeout: 240_000,
  }, async () => {
    writeTree(join(work, 'gmt'), teksiLike('gmt'));
    writeTree(join(work, 'gmt-1.1'), teksiLike('gmt', { v110: true }));
    expect((await pum(['install', '--db', rehearsed.url, '--dir', 'gmt'], { cwd: work })).code).toBe(0);
    const before = await state(rehearsed.url, 'gmt');
    const result = await pum(
      [
        'test-and-upgrade',
        '--prod',
        rehearsed.url,
        '--dir',
        'gmt-1.1',
        '--skip-create-app',
        '--strict',
        '--yes',
      ],
      { cwd: work },
    );
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain(
      'schema "gmt_app" does not exist: read permission of role "gmt_viewer" not granted',
    );
    expect(result.stderr).toContain('(PUM_STRICT_WARNINGS)');
    expect(await state(rehearsed.url, 'gmt')).toEqual(before);
    expect(before.tables).not.toContain('gmt_od.cover');
  });

  it('--strict after a command hook committed: exit 8, listing what was committed', async () => {
    // A command: hook runs outside the transaction, so what ran before it is committed.
    writeTree(join(work, 'gmc'), teksiLike('gmc', { createHook: '    - command: "exit 0"' }));
    const result = await pum(['install', '--db', committed.url, '--dir', 'gmc', '--strict'], { cwd: work });
    expect(result.code).toBe(8);
    expect(result.stderr).toContain('(PUM_STRICT_WARNINGS)');
    expect(result.stderr).toMatch(/changed before the failure[^\n]*\n {2}- applied \.pum\.yaml#roles\n/);
    expect(result.stderr).toContain('  - applied changelogs/1.0.0/01_init.sql\n');
    expect((await state(committed.url, 'gmc')).tables).toContain('gmc_od.reach');
  });
});
