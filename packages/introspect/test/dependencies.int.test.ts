/**
 * Dependencies: what views, defaults, constraints, indexes, triggers, policies, functions and
 * domains use, as object keys, limited to objects of the snapshot.
 */
import { useTestDatabase } from '@pum/test-postgres';
import type pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { introspect } from '../src/index.js';
import { snapshotOf } from './helpers.js';

const db = useTestDatabase();
let client: pg.Client;

beforeAll(async () => {
  client = await db.connect();
});

/** The dependencies of a snapshot as `from -> to` lines, schema name replaced by `s`. */
async function dependencyLines(sql: string): Promise<string[]> {
  const { schema, snapshot } = await snapshotOf(client, sql);
  return snapshot.dependencies.map((d) => `${d.from} -> ${d.to}`.replaceAll(`${schema}.`, 's.'));
}

describe('dependencies', () => {
  it('of views on columns and of a view on a view', async () => {
    const lines = await dependencyLines(`CREATE TABLE t (id int PRIMARY KEY, name text, unused text);
      CREATE VIEW v1 AS SELECT id, name FROM t;
      CREATE VIEW v2 AS SELECT name FROM v1;
      CREATE MATERIALIZED VIEW m AS SELECT id FROM t`);
    expect(lines).toEqual([
      'materialized_view:s.m -> column:s.t.id',
      'view:s.v1 -> column:s.t.id',
      'view:s.v1 -> column:s.t.name',
      'view:s.v2 -> view:s.v1',
    ]);
  });

  it('of a function used by a default, a CHECK, an index and a trigger, and a sequence used by a default (not of their own table)', async () => {
    const lines =
      await dependencyLines(`CREATE FUNCTION f(x int) RETURNS int IMMUTABLE LANGUAGE sql AS 'SELECT x + 1';
      CREATE FUNCTION tf() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';
      CREATE SEQUENCE seq;
      CREATE TABLE t (id int DEFAULT f(1) CHECK (f(id) > 0), n bigint DEFAULT nextval('seq'));
      CREATE INDEX t_f ON t (f(id));
      CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION tf()`);
    expect(lines).toEqual([
      'constraint:s.t.t_id_check -> function:s.f(x integer)',
      'default:s.t.id -> function:s.f(x integer)',
      'default:s.t.n -> sequence:s.seq',
      'index:s.t_f -> function:s.f(x integer)',
      'trigger:s.t.tr -> function:s.tf()',
    ]);
  });

  it('of columns, domains and functions on user types, and of policies and SQL-standard bodies', async () => {
    const lines = await dependencyLines(`CREATE TYPE mood AS ENUM ('sad', 'ok');
      CREATE DOMAIN mood_not_null AS mood NOT NULL;
      CREATE TABLE t (id int, m mood, moods mood[]);
      CREATE FUNCTION count_t() RETURNS bigint LANGUAGE sql BEGIN ATOMIC SELECT count(*) FROM t; END;
      CREATE FUNCTION happy(m mood) RETURNS boolean LANGUAGE sql AS 'SELECT m = ''ok''';
      ALTER TABLE t ENABLE ROW LEVEL SECURITY;
      CREATE POLICY p ON t USING (happy(m))`);
    expect(lines).toEqual([
      'column:s.t.m -> type:s.mood',
      'column:s.t.moods -> type:s.mood',
      'function:s.count_t() -> table:s.t',
      'function:s.happy(m s.mood) -> type:s.mood',
      'policy:s.t.p -> column:s.t.m',
      'policy:s.t.p -> function:s.happy(m s.mood)',
      'policy:s.t.p -> table:s.t',
      'type:s.mood_not_null -> type:s.mood',
    ]);
  });

  it('are not read with dependencies: false, and nothing else changes', async () => {
    const { schema, snapshot } = await snapshotOf(
      client,
      'CREATE TABLE t (id int); CREATE VIEW v AS SELECT id FROM t',
    );
    expect(snapshot.dependencies).toHaveLength(1);
    const without = await introspect(client, { includeSchemas: [schema], dependencies: false });
    expect(without).toEqual({ ...snapshot, dependencies: [] });
  });

  it('leaves out what is outside the snapshot: extension members and other schemas', async () => {
    await client.query(
      'CREATE SCHEMA IF NOT EXISTS dep_other; CREATE TABLE IF NOT EXISTS dep_other.o (id int)',
    );
    const lines = await dependencyLines(`CREATE EXTENSION IF NOT EXISTS citext SCHEMA public;
      CREATE TABLE t (c public.citext);
      CREATE VIEW v AS SELECT o.id FROM dep_other.o`);
    expect(lines).toEqual([]);
  });
});
