/**
 * Plan corpus: `REPLICA IDENTITY USING INDEX`, on an index or a constraint's index, made in the
 * same plan, moved to another index, and an index rebuilt while it stays the identity.
 */
import { describe, it } from 'vitest';
import { forServer, type PlanCase, usePlanCorpus } from './harness.js';

const corpus = usePlanCorpus();

const using = (index: string) => `ALTER TABLE t REPLICA IDENTITY USING INDEX ${index}`;

const cases: PlanCase[] = [
  {
    name: 'an existing unique index becomes the replica identity',
    from: 'CREATE TABLE t (id int NOT NULL); CREATE UNIQUE INDEX t_id ON t (id)',
    to: `CREATE TABLE t (id int NOT NULL); CREATE UNIQUE INDEX t_id ON t (id); ${using('t_id')}`,
  },
  {
    name: 'a new index on a column made NOT NULL in the same plan',
    from: 'CREATE TABLE t (id int, n text)',
    to: `CREATE TABLE t (id int NOT NULL, n text); CREATE UNIQUE INDEX t_id ON t (id); ${using('t_id')}`,
  },
  {
    name: "a new table's unique constraint",
    from: '',
    to: `CREATE TABLE t (id int PRIMARY KEY, code text NOT NULL UNIQUE); ${using('t_code_key')}`,
  },
  {
    name: 'from the primary key to a unique constraint',
    from: `CREATE TABLE t (id int PRIMARY KEY, code text NOT NULL UNIQUE); ${using('t_pkey')}`,
    to: `CREATE TABLE t (id int PRIMARY KEY, code text NOT NULL UNIQUE); ${using('t_code_key')}`,
  },
  {
    name: 'from one index to another, and to FULL',
    from: `CREATE TABLE t (a int NOT NULL, b int NOT NULL); CREATE UNIQUE INDEX ta ON t (a); CREATE UNIQUE INDEX tb ON t (b); ${using('ta')}`,
    to: `CREATE TABLE t (a int NOT NULL, b int NOT NULL); CREATE UNIQUE INDEX ta ON t (a); CREATE UNIQUE INDEX tb ON t (b); ${using('tb')}`,
  },
  {
    name: 'to FULL from an index that goes',
    from: `CREATE TABLE t (a int NOT NULL); CREATE UNIQUE INDEX ta ON t (a); ${using('ta')}`,
    to: 'CREATE TABLE t (a int NOT NULL); ALTER TABLE t REPLICA IDENTITY FULL',
  },
  {
    name: 'an identity index rebuilt with other columns',
    from: `CREATE TABLE t (a int NOT NULL, b int NOT NULL); CREATE UNIQUE INDEX ti ON t (a); ${using('ti')}`,
    to: `CREATE TABLE t (a int NOT NULL, b int NOT NULL); CREATE UNIQUE INDEX ti ON t (a, b); ${using('ti')}`,
  },
  {
    name: "an identity constraint's definition changes",
    from: `CREATE TABLE t (a int NOT NULL, b int NOT NULL, CONSTRAINT tu UNIQUE (a)); ${using('tu')}`,
    to: `CREATE TABLE t (a int NOT NULL, b int NOT NULL, CONSTRAINT tu UNIQUE (b, a)); ${using('tu')}`,
  },
];

describe('plan corpus: replica identity using an index', () => {
  it.each(forServer(cases))('$name', async (c) => {
    await corpus.check(c);
  });
});
