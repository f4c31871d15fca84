/** Plan corpus: schemas, extensions and types. */
import { describe, it } from 'vitest';
import { forServer, type PlanCase, usePlanCorpus } from './harness.js';

const corpus = usePlanCorpus();

const cases: PlanCase[] = [
  { name: 'an enum', from: '', to: "CREATE TYPE mood AS ENUM ('sad', 'ok')" },
  {
    name: 'an enum value added at the end',
    from: "CREATE TYPE mood AS ENUM ('sad', 'ok')",
    to: "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')",
  },
  {
    name: 'an enum value added in the middle',
    from: "CREATE TYPE mood AS ENUM ('sad', 'happy')",
    to: "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')",
  },
  {
    name: 'an enum used by a table',
    from: 'CREATE TABLE t (id int)',
    to: "CREATE TYPE mood AS ENUM ('sad', 'ok'); CREATE TABLE t (id int, m mood DEFAULT 'ok')",
  },
  { name: 'a domain', from: '', to: 'CREATE DOMAIN pos AS int CHECK (VALUE > 0)' },
  {
    name: 'a domain default and NOT NULL',
    from: 'CREATE DOMAIN pos AS int',
    to: 'CREATE DOMAIN pos AS int DEFAULT 1 NOT NULL',
  },
  {
    name: 'a domain constraint changed',
    from: 'CREATE DOMAIN pos AS int CONSTRAINT c CHECK (VALUE > 0)',
    to: 'CREATE DOMAIN pos AS int CONSTRAINT c CHECK (VALUE >= 0)',
  },
  {
    name: 'a domain used by a column',
    from: 'CREATE TABLE t (a int)',
    to: 'CREATE DOMAIN pos AS int CHECK (VALUE > 0); CREATE TABLE t (a int, b pos)',
  },
  { name: 'a composite type', from: '', to: 'CREATE TYPE pair AS (a int, b text)' },
  {
    name: 'a composite type attribute added',
    from: 'CREATE TYPE pair AS (a int)',
    to: 'CREATE TYPE pair AS (a int, b text)',
  },
  {
    name: 'a composite type attribute retyped',
    from: 'CREATE TYPE pair AS (a int, b text)',
    to: 'CREATE TYPE pair AS (a bigint, b text)',
  },
  {
    name: 'a range type',
    from: '',
    to: 'CREATE TYPE floatrange AS RANGE (SUBTYPE = float8, SUBTYPE_DIFF = float8mi)',
  },
  {
    name: 'a type comment and owner',
    from: "CREATE TYPE mood AS ENUM ('a')",
    to: "CREATE TYPE mood AS ENUM ('a'); COMMENT ON TYPE mood IS 'moods'; ALTER TYPE mood OWNER TO pum_plan_owner",
  },
  {
    name: 'type usage revoked from PUBLIC',
    from: "CREATE TYPE mood AS ENUM ('a')",
    to: "CREATE TYPE mood AS ENUM ('a'); REVOKE USAGE ON TYPE mood FROM PUBLIC",
  },
  {
    name: 'a function on a new type',
    from: '',
    to: "CREATE TYPE mood AS ENUM ('a', 'b'); CREATE FUNCTION good(m mood) RETURNS boolean LANGUAGE sql AS 'SELECT m = ''a'''",
  },
  { name: 'a schema comment', from: '', to: "COMMENT ON SCHEMA {schema} IS 'the schema'" },
  { name: 'schema privileges', from: '', to: 'GRANT USAGE ON SCHEMA {schema} TO pum_plan_reader' },
  {
    name: 'a table with an enum, a domain and a sequence, all new',
    from: '',
    to: `CREATE TYPE kind AS ENUM ('a', 'b'); CREATE DOMAIN code AS text CHECK (length(VALUE) = 3);
      CREATE SEQUENCE ids; CREATE TABLE t (id bigint DEFAULT nextval('ids') PRIMARY KEY, k kind NOT NULL, c code);
      ALTER SEQUENCE ids OWNED BY t.id`,
  },
];

describe('plan corpus: schemas and types', () => {
  it.each(forServer(cases))('$name', async (c) => {
    await corpus.check(c);
  });
});
