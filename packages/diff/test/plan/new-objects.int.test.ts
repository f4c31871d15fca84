/**
 * Plan corpus (issue 16, items 6–8): privileges of new objects under default privileges, SQL
 * that applies as written with `psql -f` and `psql -1`, aggregates and domains.
 */
import { describe, it } from 'vitest';
import { type PlanCase, usePlanCorpus } from './harness.js';

const corpus = usePlanCorpus();

const inSchema = 'ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} GRANT SELECT ON TABLES TO pum_plan_reader';
const noPublicExecute = 'ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC';
const f = "CREATE FUNCTION f(x int) RETURNS int IMMUTABLE LANGUAGE sql AS 'SELECT x + 1'";
const acc = `CREATE FUNCTION acc(int[], int) RETURNS int[] IMMUTABLE LANGUAGE sql AS 'SELECT $1 || $2';
  CREATE FUNCTION fin(int[]) RETURNS int IMMUTABLE LANGUAGE sql AS 'SELECT cardinality($1)'`;

const cases: PlanCase[] = [
  // 6. Privileges of new objects.
  {
    name: 'a new table that takes SELECT from default privileges, revoked on it',
    from: inSchema,
    to: `${inSchema}; CREATE TABLE t (id int); REVOKE SELECT ON t FROM pum_plan_reader`,
  },
  {
    name: 'a new table that keeps what default privileges give it',
    from: inSchema,
    to: `${inSchema}; CREATE TABLE t (id int); GRANT INSERT ON t TO pum_plan_reader`,
  },
  {
    name: 'a new table with an empty ACL (revoked from its owner)',
    from: '',
    to: 'CREATE TABLE t (id int); REVOKE ALL ON t FROM CURRENT_USER',
  },
  {
    name: 'a new function with an empty ACL (revoked from its owner and PUBLIC)',
    from: '',
    to: `${f}; REVOKE ALL ON FUNCTION f(int) FROM PUBLIC, CURRENT_USER`,
  },
  {
    name: 'a new function under global default privileges without PUBLIC',
    from: noPublicExecute,
    to: `${noPublicExecute}; ${f}; GRANT EXECUTE ON FUNCTION f(int) TO pum_plan_reader`,
    cleanup: 'ALTER DEFAULT PRIVILEGES GRANT EXECUTE ON FUNCTIONS TO PUBLIC',
  },
  {
    name: 'a new type with USAGE revoked from PUBLIC',
    from: '',
    to: "CREATE TYPE e AS ENUM ('a'); REVOKE USAGE ON TYPE e FROM PUBLIC",
  },
  // 7. Function bodies that use objects created later in the plan.
  {
    name: 'a function whose body reads a table created after it',
    from: '',
    to: `CREATE TABLE t (id int); CREATE FUNCTION n() RETURNS bigint LANGUAGE sql AS 'SELECT count(*) FROM {schema}.t'`,
  },
  // 8. Aggregates and domains.
  {
    name: 'an aggregate with support functions of its own',
    from: acc,
    to: `${acc}; CREATE AGGREGATE collect(int) (SFUNC = acc, STYPE = int[], FINALFUNC = fin, INITCOND = '{}')`,
  },
  {
    name: 'an aggregate with a sort operator',
    from: '',
    to: 'CREATE AGGREGATE biggest(int) (SFUNC = int4larger, STYPE = int, SORTOP = >)',
  },
  {
    name: 'a moving aggregate',
    from: '',
    to: `CREATE AGGREGATE msum(int) (SFUNC = int4pl, STYPE = int, INITCOND = '0',
      MSFUNC = int4pl, MINVFUNC = int4mi, MSTYPE = int, MINITCOND = '0')`,
  },
  {
    name: 'an aggregate without arguments, commented and granted',
    from: '',
    to: `CREATE AGGREGATE cnt(*) (SFUNC = int8inc, STYPE = int8, INITCOND = '0');
      COMMENT ON AGGREGATE cnt(*) IS 'rows';
      REVOKE EXECUTE ON FUNCTION cnt() FROM PUBLIC; GRANT EXECUTE ON FUNCTION cnt() TO pum_plan_reader`,
  },
  {
    name: 'an aggregate granted to a role',
    from: "CREATE AGGREGATE total(int) (SFUNC = int4pl, STYPE = int, INITCOND = '0')",
    to: "CREATE AGGREGATE total(int) (SFUNC = int4pl, STYPE = int, INITCOND = '0'); GRANT EXECUTE ON FUNCTION total(int) TO pum_plan_reader WITH GRANT OPTION",
  },
  {
    name: 'an ordered-set aggregate, granted',
    from: '',
    to: `CREATE AGGREGATE pct(float8 ORDER BY float8) (SFUNC = ordered_set_transition, STYPE = internal,
      FINALFUNC = percentile_cont_float8_final);
      GRANT EXECUTE ON FUNCTION pct(float8, float8) TO pum_plan_reader`,
  },
  {
    name: 'a hypothetical-set aggregate',
    from: '',
    to: `CREATE AGGREGATE my_rank(VARIADIC "any" ORDER BY VARIADIC "any") (SFUNC = ordered_set_transition_multi,
      STYPE = internal, FINALFUNC = rank_final, FINALFUNC_EXTRA, HYPOTHETICAL)`,
  },
  {
    name: 'a domain with a NOT VALID constraint',
    from: '',
    to: 'CREATE DOMAIN d AS int; ALTER DOMAIN d ADD CONSTRAINT positive CHECK (VALUE > 0) NOT VALID',
  },
  {
    name: 'a domain constraint made NOT VALID',
    from: 'CREATE DOMAIN d AS int CONSTRAINT positive CHECK (VALUE > 0)',
    to: 'CREATE DOMAIN d AS int; ALTER DOMAIN d ADD CONSTRAINT positive CHECK (VALUE > 0) NOT VALID',
  },
];

describe('plan corpus: new objects, psql framing, aggregates and domains (issue 16)', () => {
  for (const c of cases) it(c.name, { timeout: 120_000 }, () => corpus.check(c));
});
