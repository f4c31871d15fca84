/**
 * Plan corpus: "uses" relations across kinds that pg_depend records late or not at all (an
 * attribute's or a column's type, a domain's base type and the functions its checks call,
 * `OWNED BY`, collations). Each must order both phases: what is used is created first and
 * dropped last, also when the user stays and only stops using it (issue 16 item 4).
 */
import { describe, it } from 'vitest';
import { forServer, type PlanCase, usePlanCorpus } from './harness.js';

const corpus = usePlanCorpus();

const cases: PlanCase[] = [
  {
    name: 'a composite type whose attribute uses an enum of the same plan',
    from: '',
    to: "CREATE TYPE zz_mood AS ENUM ('a', 'b'); CREATE TYPE aa_pair AS (m zz_mood, n int)",
  },
  {
    name: 'a composite type attribute moving to a new enum',
    from: "CREATE TYPE aa_old AS ENUM ('x'); CREATE TYPE pair AS (m aa_old, n int)",
    to: "CREATE TYPE zz_new AS ENUM ('y'); CREATE TYPE pair AS (m zz_new, n int)",
  },
  {
    name: 'a column swapping from one domain to another',
    from: 'CREATE DOMAIN aa_d1 AS int CHECK (VALUE > 0); CREATE TABLE t (a aa_d1)',
    to: 'CREATE DOMAIN zz_d2 AS int CHECK (VALUE < 100); CREATE TABLE t (a zz_d2)',
  },
  {
    name: 'an array column of a new enum',
    from: 'CREATE TABLE t (id int)',
    to: "CREATE TYPE zz_e AS ENUM ('a'); CREATE TABLE t (id int, tags zz_e[])",
  },
  {
    name: 'a domain over a domain',
    from: '',
    to: 'CREATE DOMAIN zz_base AS int CHECK (VALUE > 0); CREATE DOMAIN aa_small AS zz_base CHECK (VALUE < 10)',
  },
  {
    name: 'a domain whose CHECK calls a function of the same plan',
    from: '',
    to: `CREATE FUNCTION zz_ok(v int) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT v > 0';
      CREATE DOMAIN aa_pos AS int CHECK ({schema}.zz_ok(VALUE))`,
  },
  {
    name: 'a domain whose CHECK calls a function over an array of a new enum',
    from: '',
    to: `CREATE TYPE zz_e AS ENUM ('a', 'b');
      CREATE FUNCTION mm_ok(v {schema}.zz_e[]) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT true';
      CREATE DOMAIN aa_tags AS {schema}.zz_e[] CHECK ({schema}.mm_ok(VALUE))`,
  },
  {
    name: 'a domain CHECK that stops calling a function which goes away',
    from: `CREATE FUNCTION aa_ok(v int) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT v > 0';
      CREATE DOMAIN pos AS int CONSTRAINT c CHECK ({schema}.aa_ok(VALUE))`,
    to: 'CREATE DOMAIN pos AS int CONSTRAINT c CHECK (VALUE > 0)',
  },
  {
    name: 'a sequence whose OWNED BY moves to another table',
    from: 'CREATE TABLE aa (id int); CREATE TABLE bb (id int); CREATE SEQUENCE s OWNED BY aa.id',
    to: 'CREATE TABLE bb (id int); CREATE SEQUENCE s OWNED BY bb.id',
  },
  {
    name: 'a sequence whose OWNED BY moves to another column of the same table',
    from: 'CREATE TABLE t (a int, b int); CREATE SEQUENCE s OWNED BY t.b',
    to: 'CREATE TABLE t (a int, c int); CREATE SEQUENCE s OWNED BY t.a',
  },
  {
    name: 'a column moving off a collation that goes away',
    from: "CREATE COLLATION aa_c (provider = libc, locale = 'C'); CREATE TABLE t (a text COLLATE aa_c)",
    to: 'CREATE TABLE t (a text)',
  },
  {
    name: 'a column moving from one collation to another',
    from: "CREATE COLLATION zz_c1 (provider = libc, locale = 'C'); CREATE TABLE t (a text COLLATE zz_c1)",
    to: "CREATE COLLATION aa_c2 (provider = libc, locale = 'POSIX'); CREATE TABLE t (a text COLLATE aa_c2)",
  },
  {
    name: 'a composite attribute and a domain on a new collation',
    from: '',
    to: `CREATE COLLATION zz_c (provider = libc, locale = 'C'); CREATE TYPE aa_pair AS (a text COLLATE zz_c);
      CREATE DOMAIN aa_code AS text COLLATE zz_c`,
  },
];

describe('plan corpus: dependency order across kinds', () => {
  it.each(forServer(cases))('$name', async (c) => {
    await corpus.check(c);
  });
});
