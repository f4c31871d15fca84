/**
 * Plan corpus: foreign-data wrappers, foreign servers, user mappings and foreign tables
 * (issue 16). Wrappers are database-wide: each case names its own after its schema and drops
 * it (and all that uses it) afterwards.
 */
import { introspect } from '@pum/introspect';
import { describe, expect, it } from 'vitest';
import { formatPlanSql, planMigration } from '../../src/index.js';
import { forServer, type PlanCase, usePlanCorpus } from './harness.js';

const corpus = usePlanCorpus({ setup: 'CREATE EXTENSION IF NOT EXISTS postgres_fdw' });

const wrapper = 'CREATE FOREIGN DATA WRAPPER {schema}_w';
const server = (options = "host 'a'") =>
  `${wrapper}; CREATE SERVER {schema}_s FOREIGN DATA WRAPPER {schema}_w OPTIONS (${options})`;
const cleanup = 'DROP FOREIGN DATA WRAPPER IF EXISTS {schema}_w CASCADE';
const pgServer = (options: string) =>
  `CREATE SERVER {schema}_pg FOREIGN DATA WRAPPER postgres_fdw OPTIONS (${options})`;
const pgCleanup = 'DROP SERVER IF EXISTS {schema}_pg CASCADE';
const remote = (columns = 'id int, value numeric', options = "table_name 'r'") =>
  `${server()}; CREATE FOREIGN TABLE remote (${columns}) SERVER {schema}_s OPTIONS (${options})`;

const cases: PlanCase[] = [
  { name: 'a wrapper without handler', from: '', to: `${wrapper} OPTIONS (debug 'on')`, cleanup },
  {
    name: 'wrapper options and comment',
    from: `${wrapper} OPTIONS (debug 'on', level '1')`,
    to: `${wrapper} OPTIONS (debug 'off', trace 'yes'); COMMENT ON FOREIGN DATA WRAPPER {schema}_w IS 'mine'`,
    cleanup,
  },
  {
    name: "a server option changed: host 'a' → host 'b', port '5432'",
    from: server("host 'a'"),
    to: server("host 'b', port '5432'"),
    cleanup,
  },
  { name: 'a server', from: wrapper, to: server("host 'a', dbname 'x'"), cleanup },
  {
    name: 'a server version, owner, privileges and comment',
    from: `${server()}; GRANT USAGE ON FOREIGN DATA WRAPPER {schema}_w TO pum_plan_owner`,
    to: `${server()}; GRANT USAGE ON FOREIGN DATA WRAPPER {schema}_w TO pum_plan_owner;
      ALTER SERVER {schema}_s VERSION '2.1'; ALTER SERVER {schema}_s OWNER TO pum_plan_owner;
      GRANT USAGE ON FOREIGN SERVER {schema}_s TO pum_plan_reader;
      COMMENT ON SERVER {schema}_s IS 'the remote'`,
    cleanup,
  },
  {
    name: 'a server of another type (nothing uses it: created again)',
    from: `${wrapper}; CREATE SERVER {schema}_s TYPE 'a' FOREIGN DATA WRAPPER {schema}_w`,
    to: `${wrapper}; CREATE SERVER {schema}_s TYPE 'b' FOREIGN DATA WRAPPER {schema}_w`,
    cleanup,
  },
  {
    name: 'user mappings and their options',
    from: `${server()}; CREATE USER MAPPING FOR pum_plan_reader SERVER {schema}_s OPTIONS (user 'a', role 'x')`,
    to: `${server()}; CREATE USER MAPPING FOR pum_plan_reader SERVER {schema}_s OPTIONS (user 'b', fetch 'y');
      CREATE USER MAPPING FOR PUBLIC SERVER {schema}_s OPTIONS (user 'guest')`,
    cleanup,
  },
  { name: 'a foreign table on a new server', from: '', to: remote(), cleanup },
  {
    name: 'foreign table options, a column added and a column type changed',
    from: remote('id int, value numeric', "table_name 'r', schema_name 's'"),
    to: remote('id bigint, value numeric, note text', "table_name 'r2', updatable 'false'"),
    cleanup,
  },
  {
    name: 'foreign table column options',
    from: remote("id int OPTIONS (column_name 'rid'), value numeric, old int OPTIONS (column_name 'o')"),
    to: remote(
      "id int OPTIONS (column_name 'remote_id', note 'x'), value numeric OPTIONS (column_name 'v'), fresh int OPTIONS (column_name 'f')",
    ),
    cleanup,
  },
  {
    name: 'a check constraint and a disabled trigger on a foreign table',
    from: `${remote()}; CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';
      CREATE TRIGGER remote_touch BEFORE INSERT ON remote FOR EACH ROW EXECUTE FUNCTION touch()`,
    to: `${remote()}; CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';
      CREATE TRIGGER remote_touch BEFORE INSERT ON remote FOR EACH ROW EXECUTE FUNCTION touch();
      ALTER FOREIGN TABLE remote DISABLE TRIGGER remote_touch;
      ALTER FOREIGN TABLE remote ADD CONSTRAINT positive CHECK (value > 0)`,
    cleanup,
  },
  {
    name: 'a foreign partition of a partitioned table',
    from: `${server()}; CREATE TABLE reading (id int, site int NOT NULL) PARTITION BY LIST (site);
      CREATE TABLE reading_local PARTITION OF reading FOR VALUES IN (1)`,
    to: `${server()}; CREATE TABLE reading (id int, site int NOT NULL) PARTITION BY LIST (site);
      CREATE TABLE reading_local PARTITION OF reading FOR VALUES IN (1);
      CREATE FOREIGN TABLE reading_remote PARTITION OF reading FOR VALUES IN (2) SERVER {schema}_s OPTIONS (table_name 'r')`,
    cleanup,
  },
  {
    name: 'a foreign table moved to another server, with a view on it',
    from: `${remote()}; CREATE SERVER {schema}_s2 FOREIGN DATA WRAPPER {schema}_w;
      CREATE VIEW remote_ids AS SELECT id FROM remote`,
    to: `${server()}; CREATE SERVER {schema}_s2 FOREIGN DATA WRAPPER {schema}_w;
      CREATE FOREIGN TABLE remote (id int, value numeric) SERVER {schema}_s2 OPTIONS (table_name 'r');
      CREATE VIEW remote_ids AS SELECT id FROM remote`,
    cleanup,
  },
  {
    name: 'a foreign table comment, owner and privileges',
    from: remote(),
    to: `${remote()}; COMMENT ON FOREIGN TABLE remote IS 'elsewhere'; GRANT SELECT ON remote TO pum_plan_reader`,
    cleanup,
  },
  {
    name: 'a postgres_fdw server and a foreign table on it',
    from: '',
    to: `${pgServer("host 'localhost', dbname 'nowhere'")};
      CREATE FOREIGN TABLE pipe (id int, name text) SERVER {schema}_pg OPTIONS (schema_name 'qwat_od', table_name 'pipe')`,
    cleanup: pgCleanup,
  },
  {
    name: 'postgres_fdw server options and a user mapping',
    from: `${pgServer("host 'a'")}; CREATE USER MAPPING FOR pum_plan_reader SERVER {schema}_pg OPTIONS (user 'u')`,
    to: `${pgServer("host 'b', port '5432', fetch_size '500'")};
      CREATE USER MAPPING FOR pum_plan_reader SERVER {schema}_pg OPTIONS (user 'v')`,
    cleanup: pgCleanup,
  },
];

describe('plan corpus: foreign data', () => {
  it.each(forServer(cases))('$name', async (c) => {
    const [forward, backward] = await corpus.check(c);
    // A foreign table is never altered with ALTER TABLE.
    for (const step of [...forward.steps, ...backward.steps]) {
      if (/^(table|column|constraint|trigger):p\d+\.(remote|pipe|reading_remote)\b/.test(step.object)) {
        expect(step.sql).not.toMatch(/^ALTER TABLE/);
        expect(step.hazards).not.toContain('data-loss');
      }
    }
  });

  it("plans host 'a' → host 'b', port '5432' as ALTER SERVER … OPTIONS (SET …, ADD …), and back with DROP", async () => {
    const [forward, backward] = await corpus.check({
      name: 'server options',
      from: server("host 'a'"),
      to: server("host 'b', port '5432'"),
      cleanup,
    });
    expect(forward.steps.map((s) => s.sql)).toEqual([
      expect.stringMatching(/^ALTER SERVER "p\d+_s" OPTIONS \(SET "host" 'b', ADD "port" '5432'\);$/),
    ]);
    expect(backward.steps.map((s) => s.sql)).toEqual([
      expect.stringMatching(/^ALTER SERVER "p\d+_s" OPTIONS \(DROP "port", SET "host" 'a'\);$/),
    ]);
  });

  it('never writes a masked password: the mapping is created without it and the plan asks for a manual step', async () => {
    const { from } = corpus;
    await from.query(`CREATE SCHEMA fd_pw; CREATE FOREIGN DATA WRAPPER fd_pw_w;
      CREATE SERVER fd_pw_s FOREIGN DATA WRAPPER fd_pw_w;
      CREATE USER MAPPING FOR pum_plan_reader SERVER fd_pw_s OPTIONS (user 'u', password 'hunter2')`);
    try {
      const target = await introspect(from, { includeSchemas: ['fd_pw'] });
      const source = structuredClone(target);
      source.objects.userMappings = source.objects.userMappings.filter((m) => m.server !== 'fd_pw_s');
      const plan = planMigration(source, target);
      const sql = formatPlanSql(plan).main;
      expect(sql).not.toContain('hunter2');
      expect(sql).not.toContain('********');
      expect(sql).toContain(
        `CREATE USER MAPPING FOR "pum_plan_reader" SERVER "fd_pw_s" OPTIONS ("user" 'u');`,
      );
      expect(plan.steps.filter((s) => s.hazards.includes('manual')).map((s) => s.sql)).toEqual([
        expect.stringMatching(/set password by hand .*OPTIONS \(ADD "password" '…'\)/),
      ]);
      expect(plan.complete).toBe(false);
      // Dropping the password needs no value.
      const without = structuredClone(target);
      for (const m of without.objects.userMappings) if (m.server === 'fd_pw_s') m.options = ['user=u'];
      const drop = planMigration(target, without);
      expect(drop.complete).toBe(true);
      expect(drop.steps.map((s) => s.sql)).toEqual([
        'ALTER USER MAPPING FOR "pum_plan_reader" SERVER "fd_pw_s" OPTIONS (DROP "password");',
      ]);
    } finally {
      await from.query('DROP FOREIGN DATA WRAPPER fd_pw_w CASCADE; DROP SCHEMA fd_pw');
    }
  });

  it('marks a server whose wrapper changes while mappings use it as manual', async () => {
    const { from } = corpus;
    await from.query(`CREATE SCHEMA fd_w; CREATE FOREIGN DATA WRAPPER fd_w_a; CREATE FOREIGN DATA WRAPPER fd_w_b;
      CREATE SERVER fd_w_s FOREIGN DATA WRAPPER fd_w_a; CREATE USER MAPPING FOR PUBLIC SERVER fd_w_s`);
    try {
      const source = await introspect(from, { includeSchemas: ['fd_w'] });
      const target = structuredClone(source);
      for (const s of target.objects.foreignServers) if (s.name === 'fd_w_s') s.wrapper = 'fd_w_b';
      const plan = planMigration(source, target);
      expect(plan.complete).toBe(false);
      expect(plan.steps.map((s) => s.hazards)).toEqual([['manual']]);
    } finally {
      await from.query(
        'DROP FOREIGN DATA WRAPPER fd_w_a CASCADE; DROP FOREIGN DATA WRAPPER fd_w_b; DROP SCHEMA fd_w',
      );
    }
  });
});
