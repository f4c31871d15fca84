/** Plan corpus: functions, procedures, aggregates, triggers, rules and policies. */
import { describe, it } from 'vitest';
import { forServer, type PlanCase, usePlanCorpus } from './harness.js';

const corpus = usePlanCorpus();

const f1 = "CREATE FUNCTION f(x int) RETURNS int IMMUTABLE LANGUAGE sql AS 'SELECT x + 1'";
const f2 = "CREATE FUNCTION f(x int) RETURNS int IMMUTABLE LANGUAGE sql AS 'SELECT x + 2'";
const trig = "CREATE FUNCTION tf() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN NEW.n := 1; RETURN NEW; END'";
const table = 'CREATE TABLE t (id int PRIMARY KEY, n int, s text)';
const partitioned = `CREATE TABLE m (id int, n int) PARTITION BY RANGE (id);
  CREATE TABLE m_1 PARTITION OF m FOR VALUES FROM (0) TO (10); CREATE TABLE m_2 PARTITION OF m DEFAULT`;

const cases: PlanCase[] = [
  { name: 'a function', from: '', to: f1 },
  { name: 'a function body', from: f1, to: f2 },
  {
    name: 'a function volatility and cost',
    from: f1,
    to: "CREATE FUNCTION f(x int) RETURNS int STABLE COST 50 LANGUAGE sql AS 'SELECT x + 1'",
  },
  {
    name: 'a function SET clause',
    from: f1,
    to: `${f1}; ALTER FUNCTION f(int) SET search_path = pg_catalog`,
  },
  {
    name: 'a function result type',
    from: f1,
    to: "CREATE FUNCTION f(x int) RETURNS bigint IMMUTABLE LANGUAGE sql AS 'SELECT x + 1'",
  },
  {
    name: 'a function argument renamed',
    from: f1,
    to: "CREATE FUNCTION f(y int) RETURNS int IMMUTABLE LANGUAGE sql AS 'SELECT y + 1'",
  },
  {
    name: 'an overload',
    from: f1,
    to: `${f1}; CREATE FUNCTION f(x text) RETURNS text IMMUTABLE LANGUAGE sql AS 'SELECT x'`,
  },
  {
    name: 'a plpgsql function with defaults and out parameters',
    from: '',
    to: `CREATE FUNCTION g(a int, b int DEFAULT 2, OUT s int, OUT p int)
    LANGUAGE plpgsql AS $$ BEGIN s := a + b; p := a * b; END $$`,
  },
  {
    name: 'a set-returning function',
    from: table,
    to: `${table}; CREATE FUNCTION ids() RETURNS SETOF int STABLE ROWS 10 LANGUAGE sql AS 'SELECT id FROM t'`,
  },
  {
    name: 'an SQL-standard body on a table',
    from: table,
    to: `${table}; CREATE FUNCTION c() RETURNS bigint LANGUAGE sql BEGIN ATOMIC SELECT count(*) FROM t; END`,
  },
  {
    name: 'a procedure',
    from: table,
    to: `${table}; CREATE PROCEDURE clear() LANGUAGE sql AS 'DELETE FROM t'`,
  },
  {
    name: 'a security definer function',
    from: f1,
    to: "CREATE FUNCTION f(x int) RETURNS int IMMUTABLE SECURITY DEFINER LANGUAGE sql AS 'SELECT x + 1'",
  },
  {
    name: 'function privileges: EXECUTE revoked from PUBLIC',
    from: f1,
    to: `${f1}; REVOKE EXECUTE ON FUNCTION f(int) FROM PUBLIC; GRANT EXECUTE ON FUNCTION f(int) TO pum_plan_reader`,
  },
  {
    name: 'a function comment and owner',
    from: f1,
    to: `${f1}; COMMENT ON FUNCTION f(int) IS 'plus one'; ALTER FUNCTION f(int) OWNER TO pum_plan_owner`,
  },
  {
    name: 'an aggregate',
    from: '',
    to: "CREATE AGGREGATE total(int) (SFUNC = int4pl, STYPE = int, INITCOND = '0')",
  },
  {
    name: 'a function used by a default, a check and an index changes result type',
    from: `${f1}; CREATE TABLE t (a int DEFAULT f(1) CHECK (f(a) > 0)); CREATE INDEX i ON t (f(a))`,
    to: `CREATE FUNCTION f(x int) RETURNS bigint IMMUTABLE LANGUAGE sql AS 'SELECT x + 1';
      CREATE TABLE t (a int DEFAULT f(1) CHECK (f(a) > 0)); CREATE INDEX i ON t (f(a))`,
  },
  {
    name: 'a function used by a view is renamed in its arguments',
    from: `${f1}; CREATE VIEW v AS SELECT f(1) AS one`,
    to: "CREATE FUNCTION f(y int) RETURNS int IMMUTABLE LANGUAGE sql AS 'SELECT y + 1'; CREATE VIEW v AS SELECT f(1) AS one",
  },
  {
    name: 'a trigger',
    from: `${table}; ${trig}`,
    to: `${table}; ${trig}; CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION tf()`,
  },
  {
    name: 'a trigger timing and events',
    from: `${table}; ${trig}; CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION tf()`,
    to: `${table}; ${trig}; CREATE TRIGGER tr BEFORE INSERT OR UPDATE OF n ON t FOR EACH ROW WHEN (NEW.s IS NOT NULL) EXECUTE FUNCTION tf()`,
  },
  {
    name: 'a trigger disabled',
    from: `${table}; ${trig}; CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION tf()`,
    to: `${table}; ${trig}; CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION tf(); ALTER TABLE t DISABLE TRIGGER tr`,
  },
  {
    name: 'a trigger of a partitioned table disabled on one partition',
    from: `${partitioned}; ${trig}; CREATE TRIGGER tr BEFORE INSERT ON m FOR EACH ROW EXECUTE FUNCTION tf()`,
    to: `${partitioned}; ${trig}; CREATE TRIGGER tr BEFORE INSERT ON m FOR EACH ROW EXECUTE FUNCTION tf(); ALTER TABLE m_1 DISABLE TRIGGER tr`,
  },
  {
    name: 'a trigger of a partitioned table, disabled on one partition and itself',
    from: `${partitioned}; ${trig}; CREATE TRIGGER tr BEFORE INSERT ON m FOR EACH ROW EXECUTE FUNCTION tf(); ALTER TABLE m_1 DISABLE TRIGGER tr`,
    to: `${partitioned}; ${trig}; CREATE TRIGGER tr BEFORE INSERT ON m FOR EACH ROW EXECUTE FUNCTION tf(); ALTER TABLE m DISABLE TRIGGER tr; ALTER TABLE m_2 ENABLE ALWAYS TRIGGER tr`,
  },
  {
    name: 'a trigger of a partitioned table created with one partition disabled',
    from: `${partitioned}; ${trig}`,
    to: `${partitioned}; ${trig}; CREATE TRIGGER tr BEFORE INSERT ON m FOR EACH ROW EXECUTE FUNCTION tf(); ALTER TABLE m_1 DISABLE TRIGGER tr`,
  },
  {
    name: 'a trigger function replaced with another result',
    from: `${table}; ${trig}; CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION tf()`,
    to: `${table}; CREATE FUNCTION tf() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN NEW.n := 2; RETURN NEW; END';
      CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION tf()`,
  },
  {
    name: 'a trigger comment',
    from: `${table}; ${trig}; CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION tf()`,
    to: `${table}; ${trig}; CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION tf(); COMMENT ON TRIGGER tr ON t IS 'sets n'`,
  },
  {
    name: 'a constraint trigger',
    from: `${table}; ${trig}`,
    to: `${table}; ${trig}; CREATE CONSTRAINT TRIGGER ct AFTER INSERT ON t DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION tf()`,
  },
  {
    name: 'a rule',
    from: `${table}; CREATE TABLE log (id int)`,
    to: `${table}; CREATE TABLE log (id int); CREATE RULE r AS ON INSERT TO t DO ALSO INSERT INTO log VALUES (NEW.id)`,
  },
  {
    name: 'a rule changed',
    from: `${table}; CREATE TABLE log (id int); CREATE RULE r AS ON INSERT TO t DO ALSO INSERT INTO log VALUES (NEW.id)`,
    to: `${table}; CREATE TABLE log (id int); CREATE RULE r AS ON INSERT TO t DO ALSO INSERT INTO log VALUES (NEW.id + 1)`,
  },
  {
    name: 'a policy',
    from: `${table}; ALTER TABLE t ENABLE ROW LEVEL SECURITY`,
    to: `${table}; ALTER TABLE t ENABLE ROW LEVEL SECURITY; CREATE POLICY p ON t FOR SELECT TO pum_plan_reader USING (n > 0)`,
  },
  {
    name: 'a policy expression and roles',
    from: `${table}; CREATE POLICY p ON t USING (n > 0)`,
    to: `${table}; CREATE POLICY p ON t TO pum_plan_reader, pum_plan_owner USING (n > 1) WITH CHECK (n < 100)`,
  },
  {
    name: 'a policy made restrictive',
    from: `${table}; CREATE POLICY p ON t USING (n > 0)`,
    to: `${table}; CREATE POLICY p ON t AS RESTRICTIVE USING (n > 0)`,
  },
  {
    name: 'a policy on a column whose type changes',
    from: `${table}; CREATE POLICY p ON t USING (n > 0)`,
    to: 'CREATE TABLE t (id int PRIMARY KEY, n bigint, s text); CREATE POLICY p ON t USING (n > 0)',
  },
  {
    name: 'a policy using a function that is recreated',
    from: `${table}; ${f1}; CREATE POLICY p ON t USING (f(n) > 0)`,
    to: `${table}; CREATE FUNCTION f(x int) RETURNS bigint IMMUTABLE LANGUAGE sql AS 'SELECT x + 1'; CREATE POLICY p ON t USING (f(n) > 0)`,
  },
  {
    name: 'a policy that reads a view which is recreated',
    from: `${table}; CREATE TABLE allowed (id int, n int); CREATE VIEW visible AS SELECT id, n FROM allowed;
      CREATE POLICY p ON t USING (id IN (SELECT id FROM visible))`,
    to: `${table}; CREATE TABLE allowed (id int, n bigint); CREATE VIEW visible AS SELECT id, n FROM allowed;
      CREATE POLICY p ON t USING (id IN (SELECT id FROM visible))`,
  },
];

describe('plan corpus: routines, triggers, rules and policies', () => {
  it.each(forServer(cases))('$name', async (c) => {
    await corpus.check(c);
  });
});
