/**
 * Issue 15, item 5: what QWAT's rehearsal compares. A database restored from a dump prints some
 * expressions differently from the one built by SQL (`(ARRAY[1, 2])::oid[]` becomes
 * `ARRAY[(1)::oid, (2)::oid]`), orders columns differently, and has `bigint` sequences where a
 * fresh build has `integer` ones. Field ignores and the server's reading of both texts leave
 * none of that in the report, and count it; a missing check, a check that really changed and a
 * leftover type stay.
 */
import { introspect, type Snapshot } from '@pum/introspect';
import { queryUrl } from '@pum/test-postgres';
import type pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { changeLines, diffSnapshots, isEmptyDiff, settleExpressionsOn } from '../src/index.js';
import { useDatabasePair } from './pair.js';

const pair = useDatabasePair();
const SCHEMA = 'qw';

/** The upgraded copy's side: written as a developer writes it. */
const copyOf = (SCHEMA: string) => `
CREATE SCHEMA ${SCHEMA};
CREATE SEQUENCE ${SCHEMA}.pipe_id_seq AS integer;
CREATE TABLE ${SCHEMA}.pipe (
  id integer PRIMARY KEY DEFAULT nextval('${SCHEMA}.pipe_id_seq'),
  fk_material oid,
  allowed boolean DEFAULT (2::oid = ANY (ARRAY[1, 2])),
  known boolean GENERATED ALWAYS AS (fk_material = ANY (ARRAY[1, 2])) STORED,
  status text,
  length numeric,
  CONSTRAINT pipe_material CHECK (fk_material = ANY (ARRAY[1, 2])),
  CONSTRAINT pipe_status CHECK (status IN ('planned', 'built'))
);
CREATE INDEX pipe_material_idx ON ${SCHEMA}.pipe (fk_material) WHERE fk_material = ANY (ARRAY[1, 2]);
`;

const expressionOf = (schema: string, column: string) =>
  `SELECT pg_get_expr(adbin, adrelid) AS t FROM pg_attrdef d JOIN pg_attribute a ON (a.attrelid, a.attnum) = (d.adrelid, d.adnum) WHERE adrelid = '${schema}.pipe'::regclass AND attname = '${column}'`;

/** What the copy's server printed for each expression, as a dump writes it. */
async function printed(client: pg.Client, SCHEMA: string) {
  const one = async (sql: string) => ((await client.query<{ t: string }>(sql)).rows[0] as { t: string }).t;
  return {
    check: await one(
      `SELECT pg_get_constraintdef(oid) AS t FROM pg_constraint WHERE conname = 'pipe_material' AND connamespace = '${SCHEMA}'::regnamespace`,
    ),
    predicate: await one(
      `SELECT pg_get_expr(indpred, indrelid) AS t FROM pg_index WHERE indexrelid = '${SCHEMA}.pipe_material_idx'::regclass`,
    ),
    default: await one(expressionOf(SCHEMA, 'allowed')),
    generated: await one(expressionOf(SCHEMA, 'known')),
  };
}

/** The reference's side: the same model rebuilt from those print-outs, columns in another order. */
const reference = (SCHEMA: string, texts: Awaited<ReturnType<typeof printed>>, extra = '') => `
CREATE SCHEMA ${SCHEMA};
CREATE SEQUENCE ${SCHEMA}.pipe_id_seq AS bigint;
CREATE TABLE ${SCHEMA}.pipe (
  id integer PRIMARY KEY DEFAULT nextval('${SCHEMA}.pipe_id_seq'),
  status text,
  fk_material oid,
  length numeric,
  allowed boolean DEFAULT ${texts.default},
  known boolean GENERATED ALWAYS AS (${texts.generated}) STORED,
  CONSTRAINT pipe_material ${texts.check},
  CONSTRAINT pipe_status CHECK (status IN ('planned', 'built'))
);
CREATE INDEX pipe_material_idx ON ${SCHEMA}.pipe (fk_material) WHERE ${texts.predicate};
${extra}`;

const IGNORE_FIELDS = ['columns.position', 'sequences.dataType', 'sequences.max'];

describe('a rehearsal that differs only in column order, sequence types and printed expressions', () => {
  let texts: Awaited<ReturnType<typeof printed>>;
  let copy: Snapshot;
  let ref: Snapshot;

  beforeAll(async () => {
    await pair.from.query(copyOf(SCHEMA));
    texts = await printed(pair.from, SCHEMA);
    await pair.to.query(reference(SCHEMA, texts));
    [copy, ref] = await Promise.all([
      introspect(pair.from, { includeSchemas: [SCHEMA] }),
      introspect(pair.to, { includeSchemas: [SCHEMA] }),
    ]);
  });

  it('reproduces the print-outs: the same check, printed two ways by one server', async () => {
    expect(texts.check).toBe('CHECK ((fk_material = ANY ((ARRAY[1, 2])::oid[])))');
    const rebuilt = ref.objects.constraints.find((c) => c.name === 'pipe_material');
    expect(rebuilt?.definition).toBe('CHECK ((fk_material = ANY (ARRAY[(1)::oid, (2)::oid])))');
    expect(texts.default).toBe('((2)::oid = ANY ((ARRAY[1, 2])::oid[]))');
    expect(ref.objects.columns.find((c) => c.name === 'allowed')?.default).toBe(
      '((2)::oid = ANY (ARRAY[(1)::oid, (2)::oid]))',
    );
  });

  it('is reported field by field without ignores', () => {
    const lines = changeLines(diffSnapshots(copy, ref));
    expect(lines).toEqual(
      expect.arrayContaining([
        'columns ~ qw.pipe.allowed: position, default',
        'columns ~ qw.pipe.known: position, generated.expression',
        'columns ~ qw.pipe.status: position',
        'constraints ~ qw.pipe.pipe_material: definition',
        'indexes ~ qw.pipe_material_idx: definition, predicate',
        'sequences ~ qw.pipe_id_seq: dataType, max',
      ]),
    );
  });

  it('passes with the field ignores once the server has read the expressions, and counts what it left out', async () => {
    const report = diffSnapshots(copy, ref, { ignoreFields: IGNORE_FIELDS });
    expect(changeLines(report)).toEqual([
      'columns ~ qw.pipe.allowed: default',
      'columns ~ qw.pipe.known: generated.expression',
      'constraints ~ qw.pipe.pipe_material: definition',
      'indexes ~ qw.pipe_material_idx: definition, predicate',
    ]);
    await settleExpressionsOn(pair.from, report, copy, ref);
    expect(changeLines(report)).toEqual([]);
    expect(isEmptyDiff(report)).toBe(true);
    expect(report.summary).toEqual({ added: 0, removed: 0, changed: 0, kinds: {} });
    expect(report.ignored).toEqual([
      { rule: 'columns.position', source: '--ignore-field', differences: 5 },
      { rule: 'sequences.dataType', source: '--ignore-field', differences: 1 },
      { rule: 'sequences.max', source: '--ignore-field', differences: 1 },
      { rule: 'equivalent expressions', source: 'server', differences: 4 },
    ]);
    // The raw texts stay in the report.
    expect(report.equivalent).toEqual([
      {
        kind: 'columns',
        key: 'column:qw.pipe.allowed',
        name: 'qw.pipe.allowed',
        field: 'default',
        from: '((2)::oid = ANY ((ARRAY[1, 2])::oid[]))',
        to: '((2)::oid = ANY (ARRAY[(1)::oid, (2)::oid]))',
        // Constants folded: the server reads both as true.
        printed: 'true',
      },
      expect.objectContaining({ kind: 'columns', name: 'qw.pipe.known', field: 'generated.expression' }),
      {
        kind: 'constraints',
        key: 'constraint:qw.pipe.pipe_material',
        name: 'qw.pipe.pipe_material',
        field: 'definition',
        from: 'CHECK ((fk_material = ANY ((ARRAY[1, 2])::oid[])))',
        to: 'CHECK ((fk_material = ANY (ARRAY[(1)::oid, (2)::oid])))',
        printed: "(fk_material = ANY ('{1,2}'::oid[]))",
      },
      expect.objectContaining({ kind: 'indexes', field: 'predicate' }),
    ]);
  });

  it('settles the same on either side, and leaves no transaction open', async () => {
    const report = diffSnapshots(copy, ref, { ignoreFields: IGNORE_FIELDS });
    await settleExpressionsOn(pair.to, report, copy, ref);
    expect(isEmptyDiff(report)).toBe(true);
    // Outside a transaction block, each statement's start is its transaction's.
    expect((await pair.to.query('SELECT now() = statement_timestamp() AS outside')).rows[0]).toEqual({
      outside: true,
    });
  });
});

describe('real drift is still reported', () => {
  it('a missing check, a check that changed and a leftover type, next to what is only printed differently', async () => {
    const schema = 'qw2';
    await pair.from.query(`${copyOf(schema)}
      ALTER TABLE ${schema}.pipe ADD CONSTRAINT pipe_length CHECK (length > 0);
      ALTER TABLE ${schema}.pipe ADD CONSTRAINT pipe_length_max CHECK (length < 1000);
      ALTER TABLE ${schema}.pipe ADD CONSTRAINT pipe_material_more CHECK (fk_material = ANY (ARRAY[1, 2]));
      CREATE TYPE ${schema}.leftover AS ENUM ('a');`);
    const texts = await printed(pair.from, schema);
    await pair.to.query(
      reference(
        schema,
        texts,
        `ALTER TABLE ${schema}.pipe ADD CONSTRAINT pipe_material_more CHECK (fk_material = ANY (ARRAY[1, 3]));`,
      ),
    );
    const [copy, ref] = await Promise.all([
      introspect(pair.from, { includeSchemas: [schema] }),
      introspect(pair.to, { includeSchemas: [schema] }),
    ]);
    const report = diffSnapshots(copy, ref, { ignoreFields: IGNORE_FIELDS });
    await settleExpressionsOn(pair.from, report, copy, ref);
    expect(changeLines(report)).toEqual([
      'constraints - qw2.pipe.pipe_length',
      'constraints - qw2.pipe.pipe_length_max',
      'constraints ~ qw2.pipe.pipe_material_more: definition',
      'types - qw2.leftover',
    ]);
    expect(report.ignored.find((i) => i.rule === 'equivalent expressions')?.differences).toBe(4);
  });

  it('a varchar IN list a restore prints another way (the same on PostgreSQL 14 to 17) settles; another list does not', async () => {
    const schema = 'qw4';
    const build = (list: string) =>
      `CREATE SCHEMA ${schema}; CREATE TABLE ${schema}.valve (id int, status varchar(10), CONSTRAINT valve_status CHECK ${list})`;
    await pair.from.query(build(`(status IN ('open', 'closed'))`));
    const [dumped] = (
      await pair.from.query<{ t: string }>(
        `SELECT pg_get_constraintdef(oid) AS t FROM pg_constraint WHERE conname = 'valve_status' AND connamespace = '${schema}'::regnamespace`,
      )
    ).rows;
    expect(dumped?.t).toBe(
      "CHECK (((status)::text = ANY ((ARRAY['open'::character varying, 'closed'::character varying])::text[])))",
    );
    await pair.to.query(build(String(dumped?.t).replace(/^CHECK /, '')));
    const [copy, ref] = await Promise.all([
      introspect(pair.from, { includeSchemas: [schema] }),
      introspect(pair.to, { includeSchemas: [schema] }),
    ]);
    const report = diffSnapshots(copy, ref);
    expect(ref.objects.constraints[0]?.definition).toBe(
      "CHECK (((status)::text = ANY (ARRAY[('open'::character varying)::text, ('closed'::character varying)::text])))",
    );
    await settleExpressionsOn(pair.from, report, copy, ref);
    expect(isEmptyDiff(report)).toBe(true);
    expect(report.equivalent[0]?.printed).toBe("((status)::text = ANY ('{open,closed}'::text[]))");

    // The same table with another list is a difference, whatever the printing.
    const other = structuredClone(ref);
    (other.objects.constraints[0] as { definition: string }).definition =
      "CHECK (((status)::text = ANY (ARRAY[('open'::character varying)::text, ('shut'::character varying)::text])))";
    const drift = diffSnapshots(copy, other);
    await settleExpressionsOn(pair.from, drift, copy, other);
    expect(changeLines(drift)).toEqual(['constraints ~ qw4.valve.valve_status: definition']);
  });

  it('an expression text that tries to run another statement is not run, and stays a difference', async () => {
    const schema = 'qw3';
    await pair.from.query(
      `CREATE SCHEMA ${schema}; CREATE TABLE ${schema}.t (a int DEFAULT 1); CREATE TABLE ${schema}.victim ()`,
    );
    await pair.to.query(`CREATE SCHEMA ${schema}; CREATE TABLE ${schema}.t (a int DEFAULT 2)`);
    const [copy, ref] = await Promise.all([
      introspect(pair.from, { includeSchemas: [schema] }),
      introspect(pair.to, { includeSchemas: [schema] }),
    ]);
    const column = ref.objects.columns.find((c) => c.name === 'a');
    if (column) column.default = `1) FROM ${schema}.t; DROP TABLE ${schema}.victim; SELECT (1`;
    const report = diffSnapshots(copy, ref);
    await settleExpressionsOn(pair.from, report, copy, ref);
    expect(changeLines(report)).toEqual([`tables - ${schema}.victim`, 'columns ~ qw3.t.a: default']);
    expect(await queryUrl(pair.fromDb.url, `SELECT to_regclass('${schema}.victim')::text AS t`)).toEqual([
      { t: `${schema}.victim` },
    ]);
  });
});
