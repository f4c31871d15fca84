/** Plan corpus: collations, event triggers, publications, default privileges and extension members' privileges. */
import { describe, it } from 'vitest';
import { forServer, type PlanCase, usePlanCorpus } from './harness.js';

const corpus = usePlanCorpus();

const evtFunction = "CREATE FUNCTION {schema}.on_ddl() RETURNS event_trigger LANGUAGE plpgsql AS 'BEGIN END'";
const dropEvent = 'DROP EVENT TRIGGER IF EXISTS {schema}_evt';
const dropPublication = 'DROP PUBLICATION IF EXISTS {schema}_pub';
const table = 'CREATE TABLE t (id int PRIMARY KEY, s text); CREATE TABLE u (id int PRIMARY KEY)';
const tablefunc = 'CREATE EXTENSION tablefunc SCHEMA {schema}';

const cases: PlanCase[] = [
  { name: 'a libc collation', from: '', to: `CREATE COLLATION c_copy (lc_collate = 'C', lc_ctype = 'C')` },
  {
    name: 'an ICU collation',
    from: '',
    to: `CREATE COLLATION de_ci (provider = icu, locale = 'de-u-ks-level2', deterministic = false)`,
  },
  {
    name: 'a collation used by a new column',
    from: 'CREATE TABLE t (id int)',
    to: `CREATE COLLATION ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false); CREATE TABLE t (id int, name text COLLATE ci)`,
  },
  {
    name: 'a collation comment',
    from: `CREATE COLLATION c2 (locale = 'C')`,
    to: `CREATE COLLATION c2 (locale = 'C'); COMMENT ON COLLATION c2 IS 'bytes'`,
  },
  {
    name: 'an event trigger',
    from: evtFunction,
    to: `${evtFunction}; CREATE EVENT TRIGGER {schema}_evt ON ddl_command_end WHEN TAG IN ('CREATE TABLE') EXECUTE FUNCTION {schema}.on_ddl()`,
    cleanup: dropEvent,
  },
  {
    name: 'an event trigger disabled',
    from: `${evtFunction}; CREATE EVENT TRIGGER {schema}_evt ON ddl_command_end EXECUTE FUNCTION {schema}.on_ddl()`,
    to: `${evtFunction}; CREATE EVENT TRIGGER {schema}_evt ON ddl_command_end EXECUTE FUNCTION {schema}.on_ddl(); ALTER EVENT TRIGGER {schema}_evt DISABLE`,
    cleanup: dropEvent,
  },
  {
    name: 'an event trigger on other tags',
    from: `${evtFunction}; CREATE EVENT TRIGGER {schema}_evt ON ddl_command_end WHEN TAG IN ('CREATE TABLE') EXECUTE FUNCTION {schema}.on_ddl()`,
    to: `${evtFunction}; CREATE EVENT TRIGGER {schema}_evt ON ddl_command_end WHEN TAG IN ('ALTER TABLE', 'CREATE TABLE') EXECUTE FUNCTION {schema}.on_ddl()`,
    cleanup: dropEvent,
  },
  {
    name: 'a publication',
    from: table,
    to: `${table}; CREATE PUBLICATION {schema}_pub FOR TABLE t`,
    cleanup: dropPublication,
  },
  {
    name: 'a publication of other tables and operations',
    from: `${table}; CREATE PUBLICATION {schema}_pub FOR TABLE t`,
    to: `${table}; CREATE PUBLICATION {schema}_pub FOR TABLE t (id, s) WHERE (id > 0), u WITH (publish = 'insert')`,
    cleanup: dropPublication,
    minMajor: 15,
  },
  {
    name: 'a publication of a schema',
    from: `${table}; CREATE PUBLICATION {schema}_pub FOR TABLE t`,
    to: `${table}; CREATE PUBLICATION {schema}_pub FOR TABLES IN SCHEMA {schema}`,
    cleanup: dropPublication,
    minMajor: 15,
  },
  {
    name: 'a privilege revoked on an extension member (tablefunc)',
    from: tablefunc,
    to: `${tablefunc}; REVOKE EXECUTE ON FUNCTION {schema}.normal_rand(integer, double precision, double precision) FROM PUBLIC;
      GRANT EXECUTE ON FUNCTION {schema}.normal_rand(integer, double precision, double precision) TO pum_plan_reader`,
    cleanup: 'DROP EXTENSION IF EXISTS tablefunc',
  },
  {
    name: 'default privileges in a schema',
    from: '',
    to: 'ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} GRANT SELECT ON TABLES TO pum_plan_reader',
  },
  {
    name: 'default privileges changed',
    from: 'ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} GRANT SELECT ON TABLES TO pum_plan_reader',
    to: 'ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} GRANT SELECT, INSERT ON TABLES TO pum_plan_reader; ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} GRANT EXECUTE ON FUNCTIONS TO pum_plan_reader',
  },
];

describe('plan corpus: database-wide kinds', () => {
  it.each(forServer(cases))('$name', async (c) => {
    await corpus.check(c);
  });
});
