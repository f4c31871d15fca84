/**
 * Plan corpus: CHECK constraints whose text the server rewrites (`IN` lists, casts, `NOT VALID`,
 * `NO INHERIT`, domain checks): what the plan adds must print as the target's does.
 */
import { describe, it } from 'vitest';
import { forServer, type PlanCase, usePlanCorpus } from './harness.js';

const corpus = usePlanCorpus();

const cases: PlanCase[] = [
  {
    name: 'an IN list',
    from: 'CREATE TABLE t (a int, s text)',
    to: "CREATE TABLE t (a int CHECK (a IN (1, 2, 3)), s text CONSTRAINT s_in CHECK (s IN ('x', 'y')))",
  },
  {
    name: 'an IN list changed',
    from: 'CREATE TABLE t (a int CONSTRAINT a_in CHECK (a IN (1, 2)))',
    to: 'CREATE TABLE t (a int CONSTRAINT a_in CHECK (a IN (1, 2, 3)))',
  },
  {
    name: 'casts and a varchar column',
    from: 'CREATE TABLE t (v varchar(10), d date)',
    to: "CREATE TABLE t (v varchar(10) CHECK (v <> 'x' AND length(v) > 1), d date CHECK (d > '2020-01-01' AND d::text LIKE '2%'))",
  },
  {
    name: 'a check whose column changes type',
    from: "CREATE TABLE t (v varchar(10) CONSTRAINT v_ck CHECK (v <> 'x'))",
    to: "CREATE TABLE t (v text CONSTRAINT v_ck CHECK (v <> 'x'))",
  },
  {
    name: 'an IN list on varchar, and a numeric bound',
    from: 'CREATE TABLE t (v varchar(5), n numeric(6, 2))',
    to: "CREATE TABLE t (v varchar(5) CHECK (v IN ('a', 'b')), n numeric(6, 2) CHECK (n BETWEEN 0.5 AND 99))",
  },
  {
    name: 'NOT VALID and NO INHERIT together',
    from: 'CREATE TABLE t (a int)',
    to: 'CREATE TABLE t (a int); ALTER TABLE t ADD CONSTRAINT a_pos CHECK (a > 0) NO INHERIT NOT VALID',
  },
  {
    name: 'NOT VALID',
    from: 'CREATE TABLE t (a int)',
    to: 'CREATE TABLE t (a int); ALTER TABLE t ADD CONSTRAINT a_pos CHECK (a > 0) NOT VALID',
  },
  {
    name: 'NOT VALID becomes valid',
    from: 'CREATE TABLE t (a int); ALTER TABLE t ADD CONSTRAINT a_pos CHECK (a > 0) NOT VALID',
    to: 'CREATE TABLE t (a int CONSTRAINT a_pos CHECK (a > 0))',
  },
  {
    name: 'NO INHERIT',
    from: 'CREATE TABLE t (a int)',
    to: 'CREATE TABLE t (a int CONSTRAINT a_pos CHECK (a > 0) NO INHERIT)',
  },
  {
    name: 'a check on a parent and its inheritance child',
    from: 'CREATE TABLE p (a int); CREATE TABLE c () INHERITS (p)',
    to: 'CREATE TABLE p (a int CONSTRAINT a_pos CHECK (a > 0)); CREATE TABLE c () INHERITS (p)',
  },
  {
    name: "a child's own copy of its parent's check",
    from: 'CREATE TABLE p (a int CONSTRAINT a_pos CHECK (a > 0)); CREATE TABLE c (a int CONSTRAINT a_pos CHECK (a > 0))',
    to: 'CREATE TABLE p (a int CONSTRAINT a_pos CHECK (a > 0)); CREATE TABLE c (a int CONSTRAINT a_pos CHECK (a > 0)) INHERITS (p)',
  },
  {
    name: 'a table check over several columns and a function',
    from: 'CREATE TABLE t (lo numeric, hi numeric, s text)',
    to: "CREATE TABLE t (lo numeric, hi numeric, s text, CONSTRAINT range_ok CHECK (lo <= hi AND COALESCE(s, '') ~ '^[a-z]*$' AND s IS DISTINCT FROM 'nope'))",
  },
  {
    name: 'domain checks with IN lists and casts',
    from: 'CREATE DOMAIN d AS varchar(5)',
    to: "CREATE DOMAIN d AS varchar(5) CONSTRAINT d_in CHECK (VALUE IN ('a', 'b')) CONSTRAINT d_len CHECK (length(VALUE)::numeric < 5.0)",
  },
  {
    name: 'a domain check changed',
    from: 'CREATE DOMAIN d AS int CONSTRAINT d_ck CHECK (VALUE IN (1, 2))',
    to: 'CREATE DOMAIN d AS int CONSTRAINT d_ck CHECK (VALUE = ANY (ARRAY[1, 2, 3]))',
  },
];

describe('plan corpus: CHECK constraints as the server prints them', () => {
  it.each(forServer(cases))('$name', async (c) => {
    await corpus.check(c);
  });
});
