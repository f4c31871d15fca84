/** Plan corpus: constraints, indexes and sequences. */
import { describe, it } from 'vitest';
import { forServer, type PlanCase, usePlanCorpus } from './harness.js';

const corpus = usePlanCorpus();

const cases: PlanCase[] = [
  { name: 'a primary key', from: 'CREATE TABLE t (id int)', to: 'CREATE TABLE t (id int PRIMARY KEY)' },
  {
    name: 'a primary key over other columns',
    from: 'CREATE TABLE t (a int, b int, PRIMARY KEY (a))',
    to: 'CREATE TABLE t (a int, b int, PRIMARY KEY (a, b))',
  },
  { name: 'a unique constraint', from: 'CREATE TABLE t (a int)', to: 'CREATE TABLE t (a int UNIQUE)' },
  {
    name: 'unique nulls not distinct',
    from: 'CREATE TABLE t (a int UNIQUE)',
    to: 'CREATE TABLE t (a int UNIQUE NULLS NOT DISTINCT)',
    minMajor: 15,
  },
  { name: 'a check', from: 'CREATE TABLE t (a int)', to: 'CREATE TABLE t (a int CHECK (a > 0))' },
  {
    name: 'a check changed',
    from: 'CREATE TABLE t (a int, CONSTRAINT pos CHECK (a > 0))',
    to: 'CREATE TABLE t (a int, CONSTRAINT pos CHECK (a >= 0))',
  },
  {
    name: 'a foreign key',
    from: 'CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE c (p int)',
    to: 'CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE c (p int REFERENCES p)',
  },
  {
    name: 'a foreign key action',
    from: 'CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE c (p int REFERENCES p)',
    to: 'CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE c (p int REFERENCES p ON DELETE CASCADE)',
  },
  {
    name: 'a deferrable foreign key',
    from: 'CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE c (p int REFERENCES p)',
    to: 'CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE c (p int REFERENCES p DEFERRABLE INITIALLY DEFERRED)',
  },
  {
    name: 'a foreign-key cycle',
    from: '',
    to: `CREATE TABLE a (id int PRIMARY KEY, b int); CREATE TABLE b (id int PRIMARY KEY, a int REFERENCES a);
      ALTER TABLE a ADD FOREIGN KEY (b) REFERENCES b`,
  },
  {
    name: 'a self-referencing table',
    from: 'CREATE TABLE node (id int PRIMARY KEY)',
    to: 'CREATE TABLE node (id int PRIMARY KEY, parent int REFERENCES node)',
  },
  {
    name: 'a referenced primary key replaced, with the foreign keys on it',
    from: 'CREATE TABLE p (a int, b int, PRIMARY KEY (a)); CREATE TABLE c (a int REFERENCES p)',
    to: 'CREATE TABLE p (a int, b int, PRIMARY KEY (a), UNIQUE (a, b)); CREATE TABLE c (a int REFERENCES p)',
  },
  {
    name: 'a referenced table dropped with the referencing constraint',
    from: 'CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE c (p int REFERENCES p)',
    to: 'CREATE TABLE c (p int)',
  },
  {
    name: 'a constraint not valid',
    from: 'CREATE TABLE t (a int)',
    to: 'CREATE TABLE t (a int); ALTER TABLE t ADD CONSTRAINT pos CHECK (a > 0) NOT VALID',
  },
  {
    name: 'an exclusion constraint',
    from: 'CREATE TABLE t (r int4range)',
    to: 'CREATE TABLE t (r int4range, EXCLUDE USING gist (r WITH &&))',
  },
  {
    name: 'a constraint comment',
    from: 'CREATE TABLE t (a int CONSTRAINT pos CHECK (a > 0))',
    to: "CREATE TABLE t (a int CONSTRAINT pos CHECK (a > 0)); COMMENT ON CONSTRAINT pos ON t IS 'positive'",
  },
  {
    name: 'an index',
    from: 'CREATE TABLE t (a int, b text)',
    to: 'CREATE TABLE t (a int, b text); CREATE INDEX t_b ON t (b)',
  },
  {
    name: 'an index changed',
    from: 'CREATE TABLE t (a int, b text); CREATE INDEX i ON t (a)',
    to: 'CREATE TABLE t (a int, b text); CREATE INDEX i ON t (a, b)',
  },
  {
    name: 'a partial unique index',
    from: 'CREATE TABLE t (a int, ok bool)',
    to: 'CREATE TABLE t (a int, ok bool); CREATE UNIQUE INDEX i ON t (a) WHERE ok',
  },
  {
    name: 'an expression index',
    from: 'CREATE TABLE t (s text)',
    to: 'CREATE TABLE t (s text); CREATE INDEX i ON t (lower(s))',
  },
  {
    name: 'an index method and options',
    from: 'CREATE TABLE t (a int); CREATE INDEX i ON t (a)',
    to: 'CREATE TABLE t (a int); CREATE INDEX i ON t USING hash (a) WITH (fillfactor = 80)',
  },
  {
    name: 'a clustered index',
    from: 'CREATE TABLE t (a int); CREATE INDEX i ON t (a)',
    to: 'CREATE TABLE t (a int); CREATE INDEX i ON t (a); ALTER TABLE t CLUSTER ON i',
  },
  {
    name: 'an index comment',
    from: 'CREATE TABLE t (a int); CREATE INDEX i ON t (a)',
    to: "CREATE TABLE t (a int); CREATE INDEX i ON t (a); COMMENT ON INDEX i IS 'by a'",
  },
  { name: 'a sequence', from: '', to: 'CREATE SEQUENCE s' },
  {
    name: 'sequence options',
    from: 'CREATE SEQUENCE s',
    to: 'CREATE SEQUENCE s AS integer INCREMENT BY 10 MINVALUE -5 MAXVALUE 5000 START WITH 100 CACHE 5 CYCLE',
  },
  {
    name: 'a sequence owned by a column',
    from: 'CREATE TABLE t (id int); CREATE SEQUENCE s',
    to: 'CREATE TABLE t (id int); CREATE SEQUENCE s OWNED BY t.id',
  },
  {
    name: 'a sequence used by a default',
    from: 'CREATE TABLE t (id int)',
    to: "CREATE SEQUENCE s; CREATE TABLE t (id int DEFAULT nextval('s'))",
  },
  {
    name: 'sequence privileges and owner',
    from: 'CREATE SEQUENCE s',
    to: 'CREATE SEQUENCE s; GRANT USAGE ON SEQUENCE s TO pum_plan_reader; ALTER SEQUENCE s OWNER TO pum_plan_owner',
  },
  {
    name: 'a column with a check and an index changes type',
    from: 'CREATE TABLE t (a int CHECK (a > 0)); CREATE INDEX i ON t (a)',
    to: 'CREATE TABLE t (a bigint CHECK (a > 0)); CREATE INDEX i ON t (a)',
  },
];

describe('plan corpus: constraints, indexes and sequences', () => {
  it.each(forServer(cases))('$name', async (c) => {
    await corpus.check(c);
  });
});
