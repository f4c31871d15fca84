/**
 * PUM's defect: a dump of a database with PostGIS in `public` does not restore into a database
 * that already has PostGIS (pum#67, #69). Each test first shows that plain pg_restore fails on
 * the prepared target, then that restoreDatabase succeeds without errors: the extension entries
 * are left out and the archived `spatial_ref_sys` rows (pg_extension_config_dump) are merged —
 * new rows added, identical ones skipped, a conflicting key keeps the target's row.
 */
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { quoteIdent } from '@pum/core';
import { skipUnless, useTestDatabase } from '@pum/test-postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dumpDatabase, restoreDatabase } from '../src/index.js';
import {
  binDir,
  connectionTo,
  databaseUrl,
  loadRichFixture,
  makeDatabase,
  schemaDifferences,
  server,
  tableChecksums,
  tools,
  withClient,
  workDirectory,
} from './helpers.js';

const run = promisify(execFile);
const work = workDirectory();

const SRID_ROWS = `INSERT INTO public.spatial_ref_sys (srid, auth_name, auth_srid, srtext, proj4text) VALUES
  (990002, 'pum', 990002, '', '+proj=longlat +ellps=GRS80 +no_defs'),
  (990003, 'pum', 990003, 'new in the source', '+proj=longlat +ellps=bessel +no_defs')`;

/** Plain pg_restore --exit-on-error, as PUM ran it: its error output. */
async function plainPgRestoreError(url: string, file: string, extra: string[] = []): Promise<string> {
  try {
    await run(path.join(binDir as string, 'pg_restore'), [
      '--exit-on-error',
      ...extra,
      `--dbname=${url}`,
      file,
    ]);
  } catch (error) {
    return (error as { stderr: string }).stderr;
  }
  return '';
}

describe('restoring a PostGIS-in-public dump where PostGIS exists', skipUnless('pg_dump'), () => {
  const source = useTestDatabase({ postgis: true });
  const role = `pum_dump_restorer_${Math.random().toString(36).slice(2, 8)}`;
  let file: string;
  let sums: Record<string, string>;
  // Databases the role owns: dropped before the role.
  const roleDatabases: string[] = [];

  beforeAll(async () => {
    await loadRichFixture(source.url, true);
    await withClient(source.url, (client) => client.query(SRID_ROWS));
    sums = await tableChecksums(source.url);
    file = (
      await dumpDatabase({ connection: connectionTo(source.url), file: path.join(work, 'gis.backup'), tools })
    ).file;
    await withClient(server.url, (client) => client.query(`CREATE ROLE ${quoteIdent(role)} LOGIN`));
  });

  afterAll(async () => {
    await withClient(server.url, async (client) => {
      for (const name of roleDatabases)
        await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
      await client.query(`DROP ROLE IF EXISTS ${quoteIdent(role)}`);
    });
  });

  /** A database with PostGIS whose spatial_ref_sys has 990001 as the source, and 990002 otherwise. */
  async function preparedTarget(): Promise<string> {
    const target = await makeDatabase(server.postgisTemplate);
    await withClient(target.url, (client) =>
      client.query(`INSERT INTO public.spatial_ref_sys (srid, auth_name, auth_srid, srtext, proj4text) VALUES
        (990001, 'pum', 990001, '', '+proj=longlat +datum=WGS84 +no_defs'),
        (990002, 'other', 990002, 'the target''s own', '+proj=longlat +ellps=WGS72 +no_defs')`),
    );
    return target.url;
  }

  it('as a superuser: no error, new SRIDs added, identical skipped, the target wins a conflict', async () => {
    expect(await plainPgRestoreError(await preparedTarget(), file)).toContain(
      'duplicate key value violates unique constraint "spatial_ref_sys_pkey"',
    );

    const target = await preparedTarget();
    const result = await restoreDatabase({ connection: connectionTo(target), file, tools });
    expect(result.ignoredErrors).toEqual([]);
    expect(result.skipped.map((s) => [s.type, s.name, s.reason])).toEqual([
      ['EXTENSION', '- postgis', 'existing-extension'],
      ['COMMENT', '- EXTENSION postgis', 'existing-extension'],
      ['TABLE DATA', 'public spatial_ref_sys postgres', 'extension-data'],
    ]);
    expect(result.extensionData).toEqual([
      {
        kind: 'table',
        schema: 'public',
        name: 'spatial_ref_sys',
        rows: 3,
        present: 1,
        inserted: 1,
        conflicting: 1,
      },
    ]);
    expect(result.warnings).toEqual([
      '1 rows of public.spatial_ref_sys were not restored: the target has rows with the same key and other values',
    ]);
    const srids = await withClient(target, async (client) => {
      const { rows } = await client.query(
        'select srid, auth_name from spatial_ref_sys where srid > 990000 order by srid',
      );
      return rows;
    });
    expect(srids).toEqual([
      { srid: 990001, auth_name: 'pum' },
      { srid: 990002, auth_name: 'other' },
      { srid: 990003, auth_name: 'pum' },
    ]);
    expect(await tableChecksums(target)).toEqual(sums);
    expect(await schemaDifferences(source.url, target)).toEqual([]);
  });

  it('as a non-superuser owning the database: no error, nothing written to spatial_ref_sys', async () => {
    const prepare = async () => {
      const target = await makeDatabase(server.postgisTemplate);
      roleDatabases.push(target.name);
      await withClient(target.url, async (client) => {
        await client.query(SRID_ROWS);
        await client.query(`INSERT INTO public.spatial_ref_sys (srid, auth_name, auth_srid, srtext, proj4text)
          VALUES (990001, 'pum', 990001, '', '+proj=longlat +datum=WGS84 +no_defs')`);
        await client.query(`ALTER DATABASE ${quoteIdent(target.name)} OWNER TO ${quoteIdent(role)}`);
        await client.query(`GRANT ALL ON SCHEMA public TO ${quoteIdent(role)}`);
      });
      const url = new URL(databaseUrl(target.name));
      url.username = role;
      return { name: target.name, url: url.toString() };
    };
    const plain = await prepare();
    expect(await plainPgRestoreError(plain.url, file, ['--no-owner'])).toContain(
      'must be owner of extension postgis',
    );

    const target = await prepare();
    const result = await restoreDatabase({
      connection: connectionTo(target.url),
      file,
      noOwner: true,
      tools,
    });
    expect(result.ignoredErrors).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.extensionData).toEqual([
      {
        kind: 'table',
        schema: 'public',
        name: 'spatial_ref_sys',
        rows: 3,
        present: 3,
        inserted: 0,
        conflicting: 0,
      },
    ]);
    expect(await tableChecksums(target.url)).toEqual(sums);
    expect(
      await schemaDifferences(source.url, target.url, { ignoreOwners: true, ignorePrivileges: true }),
    ).toEqual([]);
  });

  it('fails clearly when a missing row cannot be written, naming the fix', async () => {
    const target = await makeDatabase(server.postgisTemplate);
    roleDatabases.push(target.name);
    await withClient(target.url, (client) =>
      client.query(
        `ALTER DATABASE ${quoteIdent(target.name)} OWNER TO ${quoteIdent(role)}; GRANT ALL ON SCHEMA public TO ${quoteIdent(role)}`,
      ),
    );
    const url = new URL(target.url);
    url.username = role;
    const error = await restoreDatabase({
      connection: connectionTo(url.toString()),
      file,
      noOwner: true,
      tools,
    }).catch((e) => e);
    expect(error).toMatchObject({ code: 'PUM_SQL_ERROR', details: { sqlstate: '42501' } });
    expect(error.message).toContain(
      'cannot merge the rows of extension configuration tables: permission denied for table spatial_ref_sys',
    );
    expect(error.hint).toContain('superuser or the owner of the extension');
    // Nothing was restored: the merge runs before pg_restore.
    expect(await tableChecksums(url.toString())).toEqual({});
  });
});
