/**
 * Placeholders against a real server: substituted files run, and hostile content (nested dollar
 * quotes, E'' strings, braces, JSON, percent signs) reaches the database exactly as written.
 */
import { join } from 'node:path';
import { useTestDatabase } from '@pum/test-postgres';
import { describe, expect, it } from 'vitest';
import { applyDeltas, loadPum0Module } from '../src/index.js';
import { writeTree } from './module-tree.js';

const db = useTestDatabase();

describe('placeholders in delta files', () => {
  it('PUM 0.x %(NAME)s with %% escapes, typed values, hostile literals', async () => {
    const client = await db.connect();
    const root = writeTree({
      'd/delta_1.0.0.sql': `CREATE SCHEMA ph0;
CREATE TABLE ph0.t (srid int, label text, pattern text, arr int[], doc jsonb, pct text);
-- %(SRID)s in a comment stays as it is
INSERT INTO ph0.t VALUES (%(SRID)s, %(LABEL)s, '\\d{4}', '{1,2}', '{"a": {"b": [1, 2]}}', '100%%');
CREATE FUNCTION ph0.f() RETURNS text LANGUAGE plpgsql AS $outer$
BEGIN
  RETURN $inner$it's {x} $$ nested$inner$ || E'it\\'s' || %(SRID)s::text;
END;
$outer$;`,
    });
    await applyDeltas(client, loadPum0Module([join(root, 'd')]), {
      table: { schema: 'public', name: 'ph0_history' },
      placeholders: {
        dialect: 'pum0',
        parameters: {
          SRID: { type: 'integer', value: 2056 },
          LABEL: { type: 'text', value: "O'Brien; DROP TABLE x" },
        },
      },
    });
    const { rows } = await client.query('SELECT *, ph0.f() AS f FROM ph0.t');
    expect(rows).toEqual([
      {
        srid: 2056,
        label: "O'Brien; DROP TABLE x",
        pattern: '\\d{4}',
        arr: [1, 2],
        doc: { a: { b: [1, 2] } },
        pct: '100%',
        f: "it's {x} $$ nestedit's2056",
      },
    ]);
  });

  it('PUM 1.x {NAME} inside a function body and in strings, psql :NAME forms', async () => {
    const client = await db.connect();
    const root = writeTree({
      'd/delta_1.0.0.sql': `CREATE SCHEMA ph1;
CREATE FUNCTION ph1.srid() RETURNS int LANGUAGE sql AS $$ SELECT {SRID} $$;
CREATE TABLE ph1.t (crs text, lang text);
INSERT INTO ph1.t VALUES ('EPSG:{SRID}', {LANG});`,
    });
    await applyDeltas(client, loadPum0Module([join(root, 'd')]), {
      table: { schema: 'public', name: 'ph1_history' },
      placeholders: {
        dialect: 'pum1',
        parameters: { SRID: { type: 'integer', value: 2056 }, LANG: { type: 'text', value: 'fr' } },
      },
    });
    expect((await client.query('SELECT ph1.srid() AS s, crs, lang FROM ph1.t')).rows).toEqual([
      { s: 2056, crs: 'EPSG:2056', lang: 'fr' },
    ]);

    const psql = writeTree({
      'd/delta_1.0.0.sql': `CREATE TABLE public.:"TABLE" (n int, label text);
INSERT INTO public.:"TABLE" VALUES (:N, :'LABEL');
SELECT (ARRAY[1,2,3])[1:2], 1::int;`,
    });
    await applyDeltas(client, loadPum0Module([join(psql, 'd')]), {
      table: { schema: 'public', name: 'ph2_history' },
      placeholders: {
        dialect: 'psql',
        parameters: {
          TABLE: { type: 'text', value: 'My "Table"' },
          N: { type: 'integer', value: 7 },
          LABEL: { type: 'text', value: "it's" },
        },
      },
    });
    expect((await client.query('SELECT * FROM public."My ""Table"""')).rows).toEqual([
      { n: 7, label: "it's" },
    ]);
  });

  it('an unknown placeholder stops the upgrade before anything runs, naming file:line:column', async () => {
    const client = await db.connect();
    const root = writeTree({
      'd/delta_1.0.0.sql': 'CREATE SCHEMA ph3;',
      'd/delta_1.1.0.sql': 'SELECT 1;\nSELECT {SRDI};',
    });
    await expect(
      applyDeltas(client, loadPum0Module([join(root, 'd')]), {
        table: { schema: 'public', name: 'ph3_history' },
        placeholders: { dialect: 'pum1', parameters: { SRID: { type: 'integer', value: 2056 } } },
      }),
    ).rejects.toMatchObject({
      code: 'PUM_INVALID_FILE',
      message: expect.stringContaining('d/delta_1.1.0.sql:2:8'),
    });
    expect((await client.query("SELECT to_regnamespace('ph3') AS n")).rows[0].n).toBeNull();
  });

  it('refuses psql meta-commands', async () => {
    const client = await db.connect();
    const root = writeTree({ 'd/delta_1.0.0.sql': 'SELECT 1;\n\\set ON_ERROR_STOP on\n' });
    await expect(
      applyDeltas(client, loadPum0Module([join(root, 'd')]), {
        table: { schema: 'public', name: 'ph4_history' },
      }),
    ).rejects.toThrow(/d\/delta_1\.0\.0\.sql:2: psql meta-commands/);
  });
});
