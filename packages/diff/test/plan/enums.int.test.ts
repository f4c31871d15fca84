/**
 * Plan corpus: enums whose values are removed or reordered while columns, defaults, indexes,
 * constraints, views and functions use them (rebuilt: renamed, created again, columns retyped
 * through text, old type dropped), and columns moving between two enum types.
 */
import { describe, expect, it } from 'vitest';
import { forServer, type PlanCase, usePlanCorpus } from './harness.js';

const corpus = usePlanCorpus();

const cases: PlanCase[] = [
  {
    name: 'an enum value removed while a column, its default, indexes and a CHECK use the type',
    from: `CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
      CREATE TABLE t (id int PRIMARY KEY, m mood NOT NULL DEFAULT 'ok', CONSTRAINT not_sad CHECK (m <> 'sad'));
      CREATE INDEX t_m ON t (m); CREATE INDEX t_ok ON t (id) WHERE m = 'ok'`,
    to: `CREATE TYPE mood AS ENUM ('sad', 'ok');
      CREATE TABLE t (id int PRIMARY KEY, m mood NOT NULL DEFAULT 'ok', CONSTRAINT not_sad CHECK (m <> 'sad'));
      CREATE INDEX t_m ON t (m); CREATE INDEX t_ok ON t (id) WHERE m = 'ok'`,
  },
  {
    name: 'enum values reordered while a view and SQL and PL/pgSQL functions use the type',
    from: `CREATE TYPE mood AS ENUM ('a', 'b', 'c'); CREATE TABLE t (id int, m mood);
      CREATE VIEW v AS SELECT id, m, m > 'a' AS above_a FROM t;
      CREATE FUNCTION same(x mood) RETURNS mood LANGUAGE sql AS 'SELECT x';
      CREATE FUNCTION above(x mood) RETURNS SETOF int LANGUAGE sql BEGIN ATOMIC SELECT id FROM t WHERE m > x; END;
      CREATE FUNCTION first() RETURNS text LANGUAGE plpgsql AS $$DECLARE x mood := 'a'; BEGIN RETURN x::text; END$$`,
    to: `CREATE TYPE mood AS ENUM ('c', 'b', 'a'); CREATE TABLE t (id int, m mood);
      CREATE VIEW v AS SELECT id, m, m > 'a' AS above_a FROM t;
      CREATE FUNCTION same(x mood) RETURNS mood LANGUAGE sql AS 'SELECT x';
      CREATE FUNCTION above(x mood) RETURNS SETOF int LANGUAGE sql BEGIN ATOMIC SELECT id FROM t WHERE m > x; END;
      CREATE FUNCTION first() RETURNS text LANGUAGE plpgsql AS $$DECLARE x mood := 'a'; BEGIN RETURN x::text; END$$`,
  },
  {
    name: 'enum values reordered while a trigger, a policy and a materialized view use the type',
    from: `CREATE TYPE mood AS ENUM ('a', 'b', 'c'); CREATE TABLE t (id int, m mood);
      CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;
      CREATE TRIGGER t_a BEFORE UPDATE ON t FOR EACH ROW WHEN (NEW.m = 'a') EXECUTE FUNCTION touch();
      ALTER TABLE t ENABLE ROW LEVEL SECURITY; CREATE POLICY not_c ON t USING (m <> 'c');
      CREATE MATERIALIZED VIEW mv AS SELECT m, count(*) AS n FROM t GROUP BY m`,
    to: `CREATE TYPE mood AS ENUM ('c', 'a', 'b'); CREATE TABLE t (id int, m mood);
      CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;
      CREATE TRIGGER t_a BEFORE UPDATE ON t FOR EACH ROW WHEN (NEW.m = 'a') EXECUTE FUNCTION touch();
      ALTER TABLE t ENABLE ROW LEVEL SECURITY; CREATE POLICY not_c ON t USING (m <> 'c');
      CREATE MATERIALIZED VIEW mv AS SELECT m, count(*) AS n FROM t GROUP BY m`,
  },
  {
    name: 'an enum value removed under an array column with a default',
    from: `CREATE TYPE tag AS ENUM ('x', 'y', 'z'); CREATE TABLE t (id int, tags tag[] DEFAULT '{x}', one tag)`,
    to: `CREATE TYPE tag AS ENUM ('z', 'x'); CREATE TABLE t (id int, tags tag[] DEFAULT '{x}', one tag)`,
  },
  {
    name: 'an enum value removed under a partitioned table and an inheritance child',
    from: `CREATE TYPE mood AS ENUM ('a', 'b', 'c');
      CREATE TABLE p (id int, m mood DEFAULT 'a') PARTITION BY RANGE (id);
      CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (0) TO (10);
      CREATE TABLE parent (m mood); CREATE TABLE child (n int) INHERITS (parent)`,
    to: `CREATE TYPE mood AS ENUM ('a', 'c');
      CREATE TABLE p (id int, m mood DEFAULT 'a') PARTITION BY RANGE (id);
      CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (0) TO (10);
      CREATE TABLE parent (m mood); CREATE TABLE child (n int) INHERITS (parent)`,
  },
  {
    name: 'an enum value removed under a composite type and a function taking it',
    from: `CREATE TYPE mood AS ENUM ('a', 'b', 'c'); CREATE TYPE pair AS (m mood, ms mood[], n int);
      CREATE FUNCTION first(p pair) RETURNS mood LANGUAGE sql AS 'SELECT p.m'; CREATE TABLE t (m mood)`,
    to: `CREATE TYPE mood AS ENUM ('c', 'a'); CREATE TYPE pair AS (m mood, ms mood[], n int);
      CREATE FUNCTION first(p pair) RETURNS mood LANGUAGE sql AS 'SELECT p.m'; CREATE TABLE t (m mood)`,
  },
  {
    name: 'an enum rebuilt with a comment, an owner and privileges',
    from: `CREATE TYPE mood AS ENUM ('a', 'b'); CREATE TABLE t (m mood);
      COMMENT ON TYPE mood IS 'moods'; ALTER TYPE mood OWNER TO pum_plan_owner; REVOKE USAGE ON TYPE mood FROM PUBLIC`,
    to: `CREATE TYPE mood AS ENUM ('b', 'a'); CREATE TABLE t (m mood);
      COMMENT ON TYPE mood IS 'moods'; ALTER TYPE mood OWNER TO pum_plan_owner; REVOKE USAGE ON TYPE mood FROM PUBLIC`,
  },
  {
    name: 'an enum value added and used by a new default and CHECK in the same plan',
    from: `CREATE TYPE mood AS ENUM ('a', 'c'); CREATE TABLE t (m mood)`,
    to: `CREATE TYPE mood AS ENUM ('a', 'b', 'c'); CREATE TABLE t (m mood DEFAULT 'b' CHECK (m <> 'b'))`,
  },
  {
    name: 'a column moving between two enum types, with its default',
    from: `CREATE TYPE one AS ENUM ('x', 'y'); CREATE TYPE two AS ENUM ('x', 'y', 'z');
      CREATE TABLE t (m one DEFAULT 'x', ms one[])`,
    to: `CREATE TYPE one AS ENUM ('x', 'y'); CREATE TYPE two AS ENUM ('x', 'y', 'z');
      CREATE TABLE t (m two DEFAULT 'x', ms two[])`,
  },
  {
    name: 'a column moving to a new enum while the old one goes',
    from: `CREATE TYPE aa_old AS ENUM ('x', 'y'); CREATE TABLE t (m aa_old DEFAULT 'y')`,
    to: `CREATE TYPE zz_new AS ENUM ('y', 'x'); CREATE TABLE t (m zz_new DEFAULT 'y')`,
  },
];

describe('plan corpus: enums with dependents', () => {
  it.each(forServer(cases))('$name', async (c) => {
    await corpus.check(c);
  });

  it('rebuilds the enum by renaming it, retyping through text and dropping the old type', async () => {
    const [forward] = await corpus.check({
      name: 'rebuild steps',
      from: "CREATE TYPE mood AS ENUM ('a', 'b', 'c'); CREATE TABLE t (m mood DEFAULT 'a')",
      to: "CREATE TYPE mood AS ENUM ('a', 'c'); CREATE TABLE t (m mood DEFAULT 'a')",
    });
    const sql = forward.steps
      .map((s) => s.sql.replace(/"?p\d+"?\./g, ''))
      .filter((s) => !s.includes(' OWNER TO '));
    expect(sql).toEqual([
      'ALTER TABLE "t" ALTER COLUMN "m" DROP DEFAULT;',
      'ALTER TYPE "mood" RENAME TO "mood_pum_old";',
      `CREATE TYPE "mood" AS ENUM ('a', 'c');`,
      'ALTER TABLE "t" ALTER COLUMN "m" TYPE mood USING "m"::text::mood;',
      'DROP TYPE "mood_pum_old";',
      `ALTER TABLE "t" ALTER COLUMN "m" SET DEFAULT 'a'::mood;`,
    ]);
  });
});
