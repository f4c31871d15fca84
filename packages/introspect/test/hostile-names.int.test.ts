/** Names with quotes, spaces, `;`, upper case, unicode and dots survive into names and keys. */
import { useTestDatabase } from '@pum/test-postgres';
import { describe, expect, it } from 'vitest';
import { introspect } from '../src/index.js';

const db = useTestDatabase();

describe('hostile names', () => {
  it('are read exactly and keyed unambiguously', async () => {
    const client = await db.connect();
    await client.query(`
      CREATE SCHEMA "Odd.Schema; ""x""";
      CREATE TABLE "Odd.Schema; ""x"""."My ""Table""; drop" (
        "Col With Space" text PRIMARY KEY,
        "ÜmlautÉ水" integer CONSTRAINT "check; ""it""" CHECK ("ÜmlautÉ水" > 0),
        "dot.ted" text,
        "select" int
      );
      CREATE INDEX "idx.with.dots" ON "Odd.Schema; ""x"""."My ""Table""; drop" ("dot.ted");
      CREATE FUNCTION "Odd.Schema; ""x"""."f(x)"("a b" int) RETURNS int LANGUAGE sql AS 'SELECT 1';
      COMMENT ON TABLE "Odd.Schema; ""x"""."My ""Table""; drop" IS 'it''s "quoted"; -- not a comment'`);
    const snapshot = await introspect(client, { includeSchemas: ['Odd.Schema; "x"'] });
    const schema = 'Odd.Schema; "x"';
    const table = 'My "Table"; drop';
    expect(snapshot.objects.schemas.map((s) => s.name)).toEqual([schema]);
    expect(snapshot.objects.tables).toHaveLength(1);
    expect(snapshot.objects.tables[0]).toMatchObject({
      key: 'table:"Odd.Schema; ""x"""."My ""Table""; drop"',
      schema,
      name: table,
      comment: 'it\'s "quoted"; -- not a comment',
    });
    expect(snapshot.objects.columns.map((c) => [c.key, c.position])).toEqual([
      ['column:"Odd.Schema; ""x"""."My ""Table""; drop"."Col With Space"', 1],
      ['column:"Odd.Schema; ""x"""."My ""Table""; drop"."dot.ted"', 3],
      ['column:"Odd.Schema; ""x"""."My ""Table""; drop"."ÜmlautÉ水"', 2],
      ['column:"Odd.Schema; ""x"""."My ""Table""; drop".select', 4],
    ]);
    expect(snapshot.objects.constraints.map((c) => c.name).sort()).toEqual([
      'My "Table"; drop_pkey',
      'check; "it"',
    ]);
    expect(snapshot.objects.indexes.map((i) => i.key)).toContain('index:"Odd.Schema; ""x"""."idx.with.dots"');
    expect(snapshot.objects.functions[0]).toMatchObject({
      key: 'function:"Odd.Schema; ""x"""."f(x)"("a b" integer)',
      name: 'f(x)',
      identityArguments: '"a b" integer',
    });
  });

  it('glob filters treat regex characters in schema names literally', async () => {
    const client = await db.connect();
    await client.query('CREATE SCHEMA "a.b"; CREATE SCHEMA "axb"');
    const snapshot = await introspect(client, { includeSchemas: ['a.b'] });
    expect(snapshot.objects.schemas.map((s) => s.name)).toEqual(['a.b']);
  });
});
