/**
 * @pum/core's quoting helpers against a real server: hostile identifiers create the objects they
 * name, and hostile literals read back as the exact same text, whatever
 * standard_conforming_strings says. The test lives here, the first package above core, because
 * core's own tests cannot use the test harness: it runs on @pum/server, which depends on core.
 */
import { qualifiedName, quoteIdent, quoteLiteral } from '@pum/core';
import { useTestDatabase } from '@pum/test-postgres';
import { describe, expect, it } from 'vitest';

const db = useTestDatabase();

const HOSTILE = [
  'plain',
  'Upper Case',
  'semi;colon',
  'dot.ted',
  'say "hi"',
  '"',
  "it's",
  'Zürich_Straße_水',
  'select',
  'a"; DROP TABLE victim; --',
  'back\\slash',
  'tab\there',
  'new\nline',
  '$$dollar$$',
  'emoji 🐘',
];

describe('quoteIdent and qualifiedName', () => {
  it('create and find objects with hostile names', async () => {
    const client = await db.connect();
    await client.query('CREATE TABLE victim (a int)');
    for (const name of HOSTILE) {
      await client.query(`CREATE SCHEMA ${quoteIdent(name)}`);
      await client.query(`CREATE TABLE ${qualifiedName(name, name)} (${quoteIdent(name)} int)`);
      const { rows } = await client.query<{ nspname: string; relname: string; attname: string }>(
        `SELECT n.nspname, c.relname, a.attname FROM pg_class c
         JOIN pg_namespace n ON n.oid = c.relnamespace
         JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = 1
         WHERE c.oid = $1::regclass`,
        [qualifiedName(name, name)],
      );
      expect(rows).toEqual([{ nspname: name, relname: name, attname: name }]);
    }
    const { rows } = await client.query("SELECT to_regclass('victim') IS NOT NULL AS still_there");
    expect(rows[0]?.still_there).toBe(true);
  });
});

describe('quoteLiteral', () => {
  it.each(['on', 'off'])('reads back exactly with standard_conforming_strings = %s', async (setting) => {
    const client = await db.connect();
    await client.query(`SET standard_conforming_strings = ${setting}`);
    for (const value of [...HOSTILE, "''", '\\', "\\'", '{1,2}', '\\d{4}', '{"a": [1, "\\u00e9"]}', '']) {
      const { rows } = await client.query<{ v: string }>(`SELECT ${quoteLiteral(value)}::text AS v`);
      expect(rows[0]?.v).toBe(value);
    }
    const { rows } = await client.query(
      `SELECT ${quoteLiteral(null)} AS n, ${quoteLiteral(true)} AS t, ${quoteLiteral(2056)}::int AS i`,
    );
    expect(rows[0]).toEqual({ n: null, t: true, i: 2056 });
  });
});
