/**
 * Per kind: pairs that differ in exactly one attribute report exactly that change; identical
 * pairs report nothing. Names in the expectations drop the case schema (`cN.`).
 */
import { describe, expect, it } from 'vitest';
import { changeLines, useDatabasePair } from './pair.js';

const pair = useDatabasePair();

/** The report's lines with the case schema replaced by `s`. */
async function changes(from: string, to: string): Promise<string[]> {
  const report = await pair.diff(from, to);
  return changeLines(report).map((line) => line.replace(/\bc\d+\./g, 's.'));
}

interface Case {
  name: string;
  base: string;
  from?: string;
  to: string;
  expected: string[];
}

const T = 'CREATE TABLE t (id int PRIMARY KEY, name varchar(10), amount numeric(8, 2), n int)';
const F = `CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql AS 'SELECT a'`;

const cases: Case[] = [
  // schemas, tables
  {
    name: 'schema comment',
    base: T,
    to: `COMMENT ON SCHEMA {schema} IS 'x'`,
    expected: ['schemas ~ c: comment'],
  },
  {
    name: 'table persistence',
    base: T,
    to: 'ALTER TABLE t SET UNLOGGED',
    expected: ['tables ~ s.t: persistence'],
  },
  {
    name: 'table storage options',
    base: T,
    to: 'ALTER TABLE t SET (fillfactor = 50)',
    expected: ['tables ~ s.t: options'],
  },
  {
    name: 'row level security',
    base: T,
    to: 'ALTER TABLE t ENABLE ROW LEVEL SECURITY',
    expected: ['tables ~ s.t: rowSecurity'],
  },
  {
    name: 'forced row level security',
    base: T,
    to: 'ALTER TABLE t FORCE ROW LEVEL SECURITY',
    expected: ['tables ~ s.t: forceRowSecurity'],
  },
  {
    name: 'replica identity',
    base: T,
    to: 'ALTER TABLE t REPLICA IDENTITY FULL',
    expected: ['tables ~ s.t: replicaIdentity'],
  },
  {
    name: 'table owner',
    base: T,
    to: 'ALTER TABLE t OWNER TO pum_diff_owner',
    expected: ['tables ~ s.t: owner, privileges'],
  },
  {
    name: 'table privileges',
    base: T,
    to: 'GRANT SELECT ON t TO pum_diff_reader',
    expected: ['tables ~ s.t: privileges'],
  },
  { name: 'table comment', base: T, to: `COMMENT ON TABLE t IS 'x'`, expected: ['tables ~ s.t: comment'] },
  {
    name: 'table added',
    base: T,
    to: 'CREATE TABLE u (a int)',
    expected: ['tables + s.u', 'columns + s.u.a'],
  },
  // columns
  {
    name: 'column type',
    base: T,
    to: 'ALTER TABLE t ALTER n TYPE bigint',
    expected: ['columns ~ s.t.n: type'],
  },
  {
    name: 'column length',
    base: T,
    to: 'ALTER TABLE t ALTER name TYPE varchar(20)',
    expected: ['columns ~ s.t.name: type'],
  },
  {
    name: 'column precision',
    base: T,
    to: 'ALTER TABLE t ALTER amount TYPE numeric(10, 2)',
    expected: ['columns ~ s.t.amount: type'],
  },
  {
    name: 'column NOT NULL',
    base: T,
    to: 'ALTER TABLE t ALTER n SET NOT NULL',
    expected: ['columns ~ s.t.n: notNull'],
  },
  {
    name: 'column default',
    base: T,
    to: 'ALTER TABLE t ALTER n SET DEFAULT 3',
    expected: ['columns ~ s.t.n: default'],
  },
  {
    name: 'column collation',
    base: T,
    to: 'ALTER TABLE t ALTER name TYPE varchar(10) COLLATE "C"',
    expected: ['columns ~ s.t.name: collation'],
  },
  {
    name: 'column storage',
    base: T,
    to: 'ALTER TABLE t ALTER name SET STORAGE EXTERNAL',
    expected: ['columns ~ s.t.name: storage'],
  },
  {
    name: 'column compression',
    base: T,
    to: 'ALTER TABLE t ALTER name SET COMPRESSION pglz',
    expected: ['columns ~ s.t.name: compression'],
  },
  {
    name: 'identity options',
    base: 'CREATE TABLE i (id int GENERATED ALWAYS AS IDENTITY)',
    to: 'ALTER TABLE i ALTER id SET INCREMENT BY 5',
    expected: ['columns ~ s.i.id: identity.increment'],
  },
  {
    name: 'generated expression',
    base: 'CREATE TABLE g (a int, b int GENERATED ALWAYS AS (a * 2) STORED)',
    from: '',
    to: 'ALTER TABLE g DROP COLUMN b; ALTER TABLE g ADD COLUMN b int GENERATED ALWAYS AS (a * 3) STORED',
    expected: ['columns ~ s.g.b: generated.expression'],
  },
  {
    name: 'column privileges',
    base: T,
    to: 'GRANT UPDATE (n) ON t TO pum_diff_reader',
    expected: ['columns ~ s.t.n: privileges'],
  },
  {
    name: 'column comment',
    base: T,
    to: `COMMENT ON COLUMN t.n IS 'x'`,
    expected: ['columns ~ s.t.n: comment'],
  },
  // constraints and indexes
  {
    name: 'foreign key action',
    base: 'CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE k (p int)',
    from: 'ALTER TABLE k ADD CONSTRAINT k_p FOREIGN KEY (p) REFERENCES p (id)',
    to: 'ALTER TABLE k ADD CONSTRAINT k_p FOREIGN KEY (p) REFERENCES p (id) ON DELETE CASCADE',
    expected: ['constraints ~ s.k.k_p: definition, foreignKey.onDelete'],
  },
  {
    name: 'check expression',
    base: T,
    from: 'ALTER TABLE t ADD CONSTRAINT n_check CHECK (n > 0)',
    to: 'ALTER TABLE t ADD CONSTRAINT n_check CHECK (n > 1)',
    expected: ['constraints ~ s.t.n_check: definition'],
  },
  {
    name: 'deferrable',
    base: T,
    from: 'ALTER TABLE t ADD CONSTRAINT u_name UNIQUE (name)',
    to: 'ALTER TABLE t ADD CONSTRAINT u_name UNIQUE (name) DEFERRABLE',
    expected: ['constraints ~ s.t.u_name: definition, deferrable'],
  },
  {
    name: 'index definition',
    base: T,
    from: 'CREATE INDEX t_i ON t (name)',
    to: 'CREATE INDEX t_i ON t (name, n)',
    expected: ['indexes ~ s.t_i: definition'],
  },
  {
    name: 'partial index',
    base: T,
    from: 'CREATE INDEX t_i ON t (name)',
    to: 'CREATE INDEX t_i ON t (name) WHERE n > 0',
    expected: ['indexes ~ s.t_i: definition, predicate'],
  },
  // views, materialized views, sequences
  {
    name: 'view definition',
    base: T,
    from: 'CREATE VIEW v AS SELECT id FROM t WHERE n > 0',
    to: 'CREATE VIEW v AS SELECT id FROM t WHERE n > 1',
    expected: ['views ~ s.v: definition'],
  },
  {
    name: 'view security_barrier',
    base: `${T}; CREATE VIEW v AS SELECT id FROM t`,
    to: 'ALTER VIEW v SET (security_barrier = true)',
    expected: ['views ~ s.v: securityBarrier, options'],
  },
  {
    name: 'materialized view definition',
    base: T,
    from: 'CREATE MATERIALIZED VIEW m AS SELECT id FROM t WHERE n > 0',
    to: 'CREATE MATERIALIZED VIEW m AS SELECT id FROM t WHERE n > 1',
    expected: ['materializedViews ~ s.m: definition'],
  },
  {
    name: 'sequence increment',
    base: 'CREATE SEQUENCE q',
    to: 'ALTER SEQUENCE q INCREMENT 2',
    expected: ['sequences ~ s.q: increment'],
  },
  {
    name: 'sequence cycle',
    base: 'CREATE SEQUENCE q',
    to: 'ALTER SEQUENCE q CYCLE',
    expected: ['sequences ~ s.q: cycle'],
  },
  { name: 'sequence added', base: T, to: 'CREATE SEQUENCE q', expected: ['sequences + s.q'] },
  // functions, triggers, rules
  {
    name: 'function body',
    base: '',
    from: F,
    to: `CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql AS 'SELECT a + 1'`,
    expected: ['functions ~ s.f(a integer): body, definition'],
  },
  {
    name: 'function volatility',
    base: F,
    to: 'ALTER FUNCTION f(int) STABLE',
    expected: ['functions ~ s.f(a integer): volatility, definition'],
  },
  {
    name: 'function result type',
    base: '',
    from: F,
    to: `CREATE FUNCTION f(a int) RETURNS bigint LANGUAGE sql AS 'SELECT a'`,
    expected: ['functions ~ s.f(a integer): result, definition'],
  },
  {
    name: 'function overload added',
    base: F,
    to: `CREATE FUNCTION f(a text) RETURNS int LANGUAGE sql AS 'SELECT 1'`,
    expected: ['functions + s.f(a text)'],
  },
  {
    name: 'trigger timing',
    base: `${T}; CREATE FUNCTION tf() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$`,
    from: 'CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION tf()',
    to: 'CREATE TRIGGER tr AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION tf()',
    expected: ['triggers ~ s.t.tr: definition, timing'],
  },
  {
    name: 'trigger events',
    base: `${T}; CREATE FUNCTION tf() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$`,
    from: 'CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION tf()',
    to: 'CREATE TRIGGER tr BEFORE INSERT OR UPDATE ON t FOR EACH ROW EXECUTE FUNCTION tf()',
    expected: ['triggers ~ s.t.tr: definition, events'],
  },
  {
    name: 'trigger enabled',
    base: `${T}; CREATE FUNCTION tf() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
      CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION tf()`,
    to: 'ALTER TABLE t DISABLE TRIGGER tr',
    expected: ['triggers ~ s.t.tr: enabled'],
  },
  {
    name: 'rule event',
    base: T,
    from: 'CREATE RULE r AS ON INSERT TO t DO INSTEAD NOTHING',
    to: 'CREATE RULE r AS ON UPDATE TO t DO INSTEAD NOTHING',
    expected: ['rules ~ s.t.r: event, definition'],
  },
  {
    name: 'rule body',
    base: T,
    from: 'CREATE RULE r AS ON INSERT TO t WHERE NEW.n > 0 DO INSTEAD NOTHING',
    to: 'CREATE RULE r AS ON INSERT TO t WHERE NEW.n > 1 DO INSTEAD NOTHING',
    expected: ['rules ~ s.t.r: definition'],
  },
  // types, collations, policies
  {
    name: 'enum label',
    base: `CREATE TYPE e AS ENUM ('a', 'b')`,
    to: `ALTER TYPE e ADD VALUE 'c'`,
    expected: ['types ~ s.e: labels'],
  },
  {
    name: 'domain constraint',
    base: 'CREATE DOMAIN d AS int',
    to: 'ALTER DOMAIN d ADD CONSTRAINT d_pos CHECK (VALUE > 0)',
    expected: ['types ~ s.d: domain.constraints'],
  },
  {
    name: 'domain default',
    base: 'CREATE DOMAIN d AS int',
    to: 'ALTER DOMAIN d SET DEFAULT 4',
    expected: ['types ~ s.d: domain.default'],
  },
  {
    name: 'composite attribute',
    base: 'CREATE TYPE ct AS (a int)',
    to: 'ALTER TYPE ct ADD ATTRIBUTE b text',
    expected: ['types ~ s.ct: attributes'],
  },
  {
    name: 'collation',
    base: '',
    from: `CREATE COLLATION co (provider = libc, locale = 'C')`,
    to: `CREATE COLLATION co (provider = libc, locale = 'POSIX')`,
    expected: ['collations ~ s.co: lcCollate, lcCtype'],
  },
  {
    name: 'policy expression',
    base: T,
    from: 'CREATE POLICY p ON t USING (n > 0)',
    to: 'CREATE POLICY p ON t USING (n > 1)',
    expected: ['policies ~ s.t.p: using'],
  },
  {
    name: 'policy roles',
    base: T,
    from: 'CREATE POLICY p ON t USING (true)',
    to: 'CREATE POLICY p ON t TO pum_diff_reader USING (true)',
    expected: ['policies ~ s.t.p: roles'],
  },
  {
    name: 'default privileges',
    base: T,
    to: 'ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} GRANT SELECT ON TABLES TO pum_diff_reader',
    expected: ['defaultPrivileges + postgres.s.tables'],
  },
];

describe('one attribute changed', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const from = [c.base, c.from ?? ''].filter(Boolean).join(';\n');
      const to = [c.base, c.to].filter(Boolean).join(';\n');
      const result = await changes(from, to);
      expect(result.map((line) => line.replace(/\bc\d+\b/g, 'c'))).toEqual(c.expected);
    });
  }
});

describe('identical pairs', () => {
  it('report nothing', async () => {
    const sql = [
      T,
      F,
      'CREATE VIEW v AS SELECT * FROM t',
      'CREATE SEQUENCE q',
      `CREATE TYPE e AS ENUM ('x')`,
    ].join(';');
    expect(await changes(sql, sql)).toEqual([]);
  });
});

describe('foreign data (issue 16)', () => {
  const W = 'CREATE FOREIGN DATA WRAPPER {schema}_w';
  const cleanup = async (schema: string) => {
    for (const client of [pair.from, pair.to])
      await client.query(`DROP FOREIGN DATA WRAPPER IF EXISTS ${schema}_w CASCADE`);
  };

  it("reports a changed server option (host 'a' → host 'b', port '5432')", async () => {
    const report = await pair.diff(
      `${W}; CREATE SERVER {schema}_s FOREIGN DATA WRAPPER {schema}_w OPTIONS (host 'a')`,
      `${W}; CREATE SERVER {schema}_s FOREIGN DATA WRAPPER {schema}_w OPTIONS (host 'b', port '5432')`,
    );
    const schema = pair.lastSchema;
    await cleanup(schema);
    expect(report.differences.map((d) => [d.kind, d.changed])).toEqual([
      [
        'foreignServers',
        [
          {
            key: `foreign_server:${schema}_s`,
            name: `${schema}_s`,
            changes: [{ field: 'options', from: ['host=a'], to: ['host=b', 'port=5432'] }],
          },
        ],
      ],
    ]);
  });

  it('reports wrappers, server versions and owners, user mappings and foreign tables; never a password', async () => {
    const base = `${W}; CREATE SERVER {schema}_s FOREIGN DATA WRAPPER {schema}_w;
      CREATE FOREIGN TABLE ft (a int) SERVER {schema}_s OPTIONS (table_name 'x')`;
    const report = await pair.diff(
      `${base}; CREATE USER MAPPING FOR pum_diff_reader SERVER {schema}_s OPTIONS (password 'old-secret')`,
      `${base}; ALTER FOREIGN DATA WRAPPER {schema}_w OPTIONS (debug 'on'); ALTER SERVER {schema}_s VERSION '2';
        CREATE USER MAPPING FOR pum_diff_reader SERVER {schema}_s OPTIONS (password 'new-secret', user 'u');
        CREATE USER MAPPING FOR PUBLIC SERVER {schema}_s;
        ALTER FOREIGN TABLE ft OPTIONS (SET table_name 'y')`,
    );
    const schema = pair.lastSchema;
    await cleanup(schema);
    expect(changeLines(report).map((line) => line.replaceAll(schema, 'c'))).toEqual([
      'tables ~ c.ft: foreign.options',
      'foreignDataWrappers ~ c_w: options',
      'foreignServers ~ c_s: version',
      'userMappings + PUBLIC.c_s',
      'userMappings ~ pum_diff_reader.c_s: options',
    ]);
    const { formatJson, formatText } = await import('../src/index.js');
    for (const text of [formatJson(report), formatText(report, { detail: 'fields' })]) {
      expect(text).not.toContain('secret');
      expect(text).toContain('password=********');
    }
  });
});
