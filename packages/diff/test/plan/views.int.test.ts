/** Plan corpus: views, materialized views and what depends on what. */
import { describe, it } from 'vitest';
import { forServer, type PlanCase, usePlanCorpus } from './harness.js';

const corpus = usePlanCorpus();

const base = 'CREATE TABLE t (id int PRIMARY KEY, name text, n int)';

const cases: PlanCase[] = [
  { name: 'a view', from: base, to: `${base}; CREATE VIEW v AS SELECT id, name FROM t` },
  {
    name: 'a view query changed, same columns',
    from: `${base}; CREATE VIEW v AS SELECT id, name FROM t`,
    to: `${base}; CREATE VIEW v AS SELECT id, name FROM t WHERE n > 0`,
  },
  {
    name: 'a view gains a column at the end',
    from: `${base}; CREATE VIEW v AS SELECT id FROM t`,
    to: `${base}; CREATE VIEW v AS SELECT id, name FROM t`,
  },
  {
    name: 'a view loses a column',
    from: `${base}; CREATE VIEW v AS SELECT id, name FROM t`,
    to: `${base}; CREATE VIEW v AS SELECT name FROM t`,
  },
  {
    name: 'a view on a view on a column whose type changes',
    from: `${base}; CREATE VIEW v1 AS SELECT id, n FROM t; CREATE VIEW v2 AS SELECT n FROM v1 WHERE id > 1`,
    to: 'CREATE TABLE t (id int PRIMARY KEY, name text, n bigint); CREATE VIEW v1 AS SELECT id, n FROM t; CREATE VIEW v2 AS SELECT n FROM v1 WHERE id > 1',
  },
  {
    name: 'a view on a view whose columns change',
    from: `${base}; CREATE VIEW v1 AS SELECT id, n FROM t; CREATE VIEW v2 AS SELECT id FROM v1`,
    to: `${base}; CREATE VIEW v1 AS SELECT n, id FROM t; CREATE VIEW v2 AS SELECT id FROM v1`,
  },
  {
    name: 'view options',
    from: `${base}; CREATE VIEW v AS SELECT id FROM t`,
    to: `${base}; CREATE VIEW v WITH (security_barrier) AS SELECT id FROM t`,
  },
  {
    name: 'a check option',
    from: `${base}; CREATE VIEW v AS SELECT id, n FROM t`,
    to: `${base}; CREATE VIEW v AS SELECT id, n FROM t WHERE n > 0 WITH CASCADED CHECK OPTION`,
  },
  {
    name: 'a view comment, owner and grants',
    from: `${base}; CREATE VIEW v AS SELECT id FROM t`,
    to: `${base}; CREATE VIEW v AS SELECT id FROM t; COMMENT ON VIEW v IS 'ids'; GRANT SELECT ON v TO pum_plan_reader`,
  },
  {
    name: 'a view column comment',
    from: `${base}; CREATE VIEW v AS SELECT id FROM t`,
    to: `${base}; CREATE VIEW v AS SELECT id FROM t; COMMENT ON COLUMN v.id IS 'the id'`,
  },
  {
    name: 'a view column default',
    from: `${base}; CREATE VIEW v AS SELECT id, n FROM t`,
    to: `${base}; CREATE VIEW v AS SELECT id, n FROM t; ALTER VIEW v ALTER n SET DEFAULT 0`,
  },
  {
    name: 'a view on a column that is dropped',
    from: 'CREATE TABLE t (id int PRIMARY KEY, n int, name text); CREATE VIEW v AS SELECT id, name FROM t',
    to: 'CREATE TABLE t (id int PRIMARY KEY, n int); CREATE VIEW v AS SELECT id FROM t',
  },
  {
    name: 'a materialized view',
    from: base,
    to: `${base}; CREATE MATERIALIZED VIEW m AS SELECT id, n FROM t`,
  },
  {
    name: 'a materialized view changed',
    from: `${base}; CREATE MATERIALIZED VIEW m AS SELECT id FROM t`,
    to: `${base}; CREATE MATERIALIZED VIEW m AS SELECT id, n FROM t`,
  },
  {
    name: 'an index on a materialized view that is recreated',
    from: `${base}; CREATE MATERIALIZED VIEW m AS SELECT id, n FROM t; CREATE UNIQUE INDEX m_id ON m (id)`,
    to: 'CREATE TABLE t (id int PRIMARY KEY, name text, n bigint); CREATE MATERIALIZED VIEW m AS SELECT id, n FROM t; CREATE UNIQUE INDEX m_id ON m (id)',
  },
  {
    name: 'a materialized view on a view',
    from: `${base}; CREATE VIEW v AS SELECT id, n FROM t; CREATE MATERIALIZED VIEW m AS SELECT * FROM v`,
    to: `${base}; CREATE VIEW v AS SELECT id, n, name FROM t; CREATE MATERIALIZED VIEW m AS SELECT id, name FROM v`,
  },
  {
    name: 'views dropped with their table',
    from: `${base}; CREATE VIEW v1 AS SELECT * FROM t; CREATE VIEW v2 AS SELECT id FROM v1`,
    to: '',
  },
  {
    name: 'a view over two tables and a function',
    from: `${base}; CREATE TABLE u (t_id int REFERENCES t, x text)`,
    to: `${base}; CREATE TABLE u (t_id int REFERENCES t, x text);
      CREATE FUNCTION up(s text) RETURNS text IMMUTABLE LANGUAGE sql AS 'SELECT upper(s)';
      CREATE VIEW tu AS SELECT t.id, up(u.x) AS x FROM t JOIN u ON u.t_id = t.id`,
  },
  {
    name: 'an INSTEAD OF trigger on a recreated view',
    from: `${base}; CREATE FUNCTION ins() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';
      CREATE VIEW v AS SELECT id, n FROM t;
      CREATE TRIGGER v_ins INSTEAD OF INSERT ON v FOR EACH ROW EXECUTE FUNCTION ins()`,
    to: `CREATE TABLE t (id int PRIMARY KEY, name text, n bigint); CREATE FUNCTION ins() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';
      CREATE VIEW v AS SELECT id, n FROM t;
      CREATE TRIGGER v_ins INSTEAD OF INSERT ON v FOR EACH ROW EXECUTE FUNCTION ins()`,
  },
  {
    name: 'a rule on a view',
    from: `${base}; CREATE VIEW v AS SELECT id, n FROM t`,
    to: `${base}; CREATE VIEW v AS SELECT id, n FROM t; CREATE RULE v_del AS ON DELETE TO v DO INSTEAD DELETE FROM t WHERE id = OLD.id`,
  },
];

describe('plan corpus: views and dependency chains', () => {
  it.each(forServer(cases))('$name', async (c) => {
    await corpus.check(c);
  });
});
