/**
 * One fixture per object kind: SQL in, snapshot fields out, for every attribute the snapshot
 * models. Each test works in a schema of its own inside the file's database.
 */
import { useTestDatabase } from '@pum/test-postgres';
import type pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { introspect } from '../src/index.js';
import { named, snapshotOf } from './helpers.js';

const db = useTestDatabase();
let client: pg.Client;
let major: number;

beforeAll(async () => {
  client = await db.connect();
  major = db.server.major;
  await client.query(`DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'pum_kinds_reader') THEN CREATE ROLE pum_kinds_reader; END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'Pum "Odd" Role') THEN CREATE ROLE "Pum ""Odd"" Role"; END IF;
  END $$`);
});

describe('schemas', () => {
  it('reads name, owner, privileges and comment', async () => {
    const { schema, snapshot } = await snapshotOf(client, 'SELECT 1');
    await client.query(
      `COMMENT ON SCHEMA ${schema} IS 'my schema'; GRANT USAGE ON SCHEMA ${schema} TO pum_kinds_reader`,
    );
    const again = await introspect(client, { includeSchemas: [schema] });
    expect(snapshot.objects.schemas).toHaveLength(1);
    const s = named(again.objects.schemas, schema);
    expect(s.key).toBe(`schema:${schema}`);
    expect(s.owner).toBe('postgres');
    expect(s.comment).toBe('my schema');
    expect(s.privileges).toEqual([
      { grantee: 'postgres', privileges: ['CREATE', 'USAGE'], grantable: [] },
      { grantee: 'pum_kinds_reader', privileges: ['USAGE'], grantable: [] },
    ]);
  });

  it('filters schemas by include and exclude globs, in SQL', async () => {
    await client.query('CREATE SCHEMA glob_a1; CREATE SCHEMA glob_a2; CREATE SCHEMA glob_b1');
    const included = await introspect(client, { includeSchemas: ['glob_a*'] });
    expect(included.objects.schemas.map((s) => s.name)).toEqual(['glob_a1', 'glob_a2']);
    const excluded = await introspect(client, { includeSchemas: ['glob_*'], excludeSchemas: ['glob_a?'] });
    expect(excluded.objects.schemas.map((s) => s.name)).toEqual(['glob_b1']);
    const all = await introspect(client);
    const names = all.objects.schemas.map((s) => s.name);
    expect(names).toContain('public');
    for (const system of ['pg_catalog', 'information_schema', 'pg_toast'])
      expect(names).not.toContain(system);
  });
});

describe('tables', () => {
  it('reads kind, persistence, options, RLS, replica identity, owner and comment', async () => {
    const { snapshot } = await snapshotOf(
      client,
      `CREATE TABLE plain (id int PRIMARY KEY) WITH (fillfactor = 80, autovacuum_enabled = false);
       ALTER TABLE plain ENABLE ROW LEVEL SECURITY; ALTER TABLE plain FORCE ROW LEVEL SECURITY;
       ALTER TABLE plain REPLICA IDENTITY FULL;
       COMMENT ON TABLE plain IS 'a table';
       CREATE UNLOGGED TABLE scratch (a int);
       GRANT SELECT ON plain TO pum_kinds_reader`,
    );
    const plain = named(snapshot.objects.tables, 'plain');
    expect(plain).toMatchObject({
      kind: 'ordinary',
      persistence: 'permanent',
      options: ['autovacuum_enabled=false', 'fillfactor=80'],
      accessMethod: 'heap',
      rowSecurity: true,
      forceRowSecurity: true,
      replicaIdentity: 'full',
      owner: 'postgres',
      comment: 'a table',
      partitionKey: null,
      partitionOf: null,
      inherits: [],
      foreign: null,
    });
    expect(plain.privileges.find((p) => p.grantee === 'pum_kinds_reader')).toEqual({
      grantee: 'pum_kinds_reader',
      privileges: ['SELECT'],
      grantable: [],
    });
    const scratch = named(snapshot.objects.tables, 'scratch');
    expect(scratch).toMatchObject({
      persistence: 'unlogged',
      rowSecurity: false,
      replicaIdentity: 'default',
    });
  });

  it('reads partitioning keys, bounds and inheritance parents', async () => {
    const { schema, snapshot } = await snapshotOf(
      client,
      `CREATE TABLE m (id int, at date NOT NULL) PARTITION BY RANGE (at);
       CREATE TABLE m_2025 PARTITION OF m FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
       CREATE TABLE m_other PARTITION OF m DEFAULT;
       CREATE TABLE l (k text) PARTITION BY LIST (k);
       CREATE TABLE l_ab PARTITION OF l FOR VALUES IN ('a', 'b');
       CREATE TABLE parent1 (a int); CREATE TABLE parent2 (b int);
       CREATE TABLE child (c int) INHERITS (parent1, parent2)`,
    );
    expect(named(snapshot.objects.tables, 'm')).toMatchObject({
      kind: 'partitioned',
      partitionKey: 'RANGE (at)',
      accessMethod: null,
    });
    expect(named(snapshot.objects.tables, 'm_2025')).toMatchObject({
      partitionOf: { schema, name: 'm' },
      partitionBound: "FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')",
      inherits: [],
    });
    expect(named(snapshot.objects.tables, 'm_other').partitionBound).toBe('DEFAULT');
    expect(named(snapshot.objects.tables, 'l').partitionKey).toBe('LIST (k)');
    expect(named(snapshot.objects.tables, 'l_ab').partitionBound).toBe("FOR VALUES IN ('a', 'b')");
    expect(named(snapshot.objects.tables, 'child').inherits).toEqual([
      { schema, name: 'parent1' },
      { schema, name: 'parent2' },
    ]);
  });

  it("reads which partitioned index a partition's index is attached to, and validity", async () => {
    const { schema, snapshot } = await snapshotOf(
      client,
      `CREATE TABLE m (id int, at date) PARTITION BY RANGE (at);
       CREATE TABLE m_2025 PARTITION OF m FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
       CREATE TABLE m_2026 PARTITION OF m FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
       CREATE INDEX m_id ON ONLY m (id);
       CREATE INDEX m_2025_id ON m_2025 (id); ALTER INDEX m_id ATTACH PARTITION m_2025_id;
       CREATE INDEX m_2026_id ON m_2026 (id)`,
    );
    const indexes = snapshot.objects.indexes;
    expect(named(indexes, 'm_id')).toMatchObject({ valid: false });
    expect(named(indexes, 'm_id').partitionOf).toBeUndefined();
    expect(named(indexes, 'm_2025_id').partitionOf).toEqual({ schema, name: 'm_id' });
    expect(named(indexes, 'm_2026_id').partitionOf).toBeUndefined();
  });

  it('reads foreign tables with their server and options', async () => {
    await client.query(
      `CREATE FOREIGN DATA WRAPPER pum_fdw; CREATE SERVER pum_srv FOREIGN DATA WRAPPER pum_fdw`,
    );
    const { snapshot } = await snapshotOf(
      client,
      `CREATE FOREIGN TABLE remote (a int OPTIONS (column_name 'ra', fetch 'x'), b int) SERVER pum_srv OPTIONS (table_name 'r', schema_name 's')`,
    );
    expect(named(snapshot.objects.columns, 'a').foreignOptions).toEqual(['column_name=ra', 'fetch=x']);
    expect(named(snapshot.objects.columns, 'b')).not.toHaveProperty('foreignOptions');
    expect(named(snapshot.objects.tables, 'remote')).toMatchObject({
      kind: 'foreign',
      foreign: { server: 'pum_srv', options: ['schema_name=s', 'table_name=r'] },
    });
    const all = await introspect(client);
    expect(all.unmodeled).not.toHaveProperty('foreign servers');
    expect(all.objects.foreignServers.map((s) => s.key)).toContain('foreign_server:pum_srv');
  });
});

describe('foreign-data wrappers, servers and user mappings', () => {
  it('reads wrappers, servers and mappings with their options, owner, privileges and comment; masks passwords', async () => {
    await client.query(`CREATE FOREIGN DATA WRAPPER pum_kinds_w OPTIONS (debug 'true');
      COMMENT ON FOREIGN DATA WRAPPER pum_kinds_w IS 'a wrapper';
      GRANT USAGE ON FOREIGN DATA WRAPPER pum_kinds_w TO pum_kinds_reader;
      CREATE SERVER pum_kinds_s TYPE 'pg' VERSION '16' FOREIGN DATA WRAPPER pum_kinds_w
        OPTIONS (port '5432', host 'a');
      GRANT USAGE ON FOREIGN SERVER pum_kinds_s TO pum_kinds_reader;
      CREATE USER MAPPING FOR pum_kinds_reader SERVER pum_kinds_s OPTIONS (user 'remote', password 'hunter2');
      CREATE USER MAPPING FOR PUBLIC SERVER pum_kinds_s`);
    try {
      const snapshot = await introspect(client, { includeSchemas: ['none'] });
      const text = JSON.stringify(snapshot);
      expect(text).not.toContain('hunter2');
      expect(snapshot.objects.foreignDataWrappers.find((w) => w.name === 'pum_kinds_w')).toEqual({
        key: 'foreign_data_wrapper:pum_kinds_w',
        name: 'pum_kinds_w',
        owner: 'postgres',
        handler: null,
        validator: null,
        options: ['debug=true'],
        privileges: [
          { grantee: 'postgres', privileges: ['USAGE'], grantable: [] },
          { grantee: 'pum_kinds_reader', privileges: ['USAGE'], grantable: [] },
        ],
        comment: 'a wrapper',
      });
      expect(snapshot.objects.foreignServers.find((s) => s.name === 'pum_kinds_s')).toEqual({
        key: 'foreign_server:pum_kinds_s',
        name: 'pum_kinds_s',
        wrapper: 'pum_kinds_w',
        type: 'pg',
        version: '16',
        options: ['host=a', 'port=5432'],
        owner: 'postgres',
        privileges: [
          { grantee: 'postgres', privileges: ['USAGE'], grantable: [] },
          { grantee: 'pum_kinds_reader', privileges: ['USAGE'], grantable: [] },
        ],
        comment: null,
      });
      expect(snapshot.objects.userMappings.filter((m) => m.server === 'pum_kinds_s')).toEqual([
        { key: 'user_mapping:PUBLIC.pum_kinds_s', user: 'PUBLIC', server: 'pum_kinds_s', options: [] },
        {
          key: 'user_mapping:pum_kinds_reader.pum_kinds_s',
          user: 'pum_kinds_reader',
          server: 'pum_kinds_s',
          options: ['password=********', 'user=remote'],
        },
      ]);
      expect(snapshot.unmodeled).not.toHaveProperty('user mappings');
      expect(snapshot.unmodeled).not.toHaveProperty('foreign-data wrappers');
    } finally {
      await client.query('DROP FOREIGN DATA WRAPPER pum_kinds_w CASCADE');
    }
  });

  it('reads a mapping whose options the role may not see as unknown (null), not as none', async () => {
    await client.query(`CREATE FOREIGN DATA WRAPPER pum_kinds_w2; CREATE SERVER pum_kinds_s2 FOREIGN DATA WRAPPER pum_kinds_w2;
      CREATE USER MAPPING FOR postgres SERVER pum_kinds_s2 OPTIONS (user 'x');
      CREATE USER MAPPING FOR pum_kinds_reader SERVER pum_kinds_s2`);
    try {
      await client.query('SET ROLE pum_kinds_reader');
      const snapshot = await introspect(client, { includeSchemas: ['none'] });
      await client.query('RESET ROLE');
      expect(snapshot.objects.userMappings.filter((m) => m.server === 'pum_kinds_s2')).toEqual([
        {
          key: 'user_mapping:postgres.pum_kinds_s2',
          user: 'postgres',
          server: 'pum_kinds_s2',
          options: null,
        },
        // Its own mapping: the role sees it has no options only with USAGE on the server.
        {
          key: 'user_mapping:pum_kinds_reader.pum_kinds_s2',
          user: 'pum_kinds_reader',
          server: 'pum_kinds_s2',
          options: null,
        },
      ]);
      // The server's owner reads its own and PUBLIC's mapping, never another role's.
      await client.query(`GRANT USAGE ON FOREIGN DATA WRAPPER pum_kinds_w2 TO pum_kinds_reader;
        ALTER SERVER pum_kinds_s2 OWNER TO pum_kinds_reader;
        CREATE USER MAPPING FOR PUBLIC SERVER pum_kinds_s2 OPTIONS (user 'guest')`);
      await client.query('SET ROLE pum_kinds_reader');
      const owner = await introspect(client, { includeSchemas: ['none'] });
      await client.query('RESET ROLE');
      expect(
        owner.objects.userMappings.filter((m) => m.server === 'pum_kinds_s2').map((m) => [m.user, m.options]),
      ).toEqual([
        ['PUBLIC', ['user=guest']],
        ['postgres', null],
        ['pum_kinds_reader', []],
      ]);
    } finally {
      await client.query('RESET ROLE; DROP FOREIGN DATA WRAPPER pum_kinds_w2 CASCADE');
    }
  });

  it('leaves out a wrapper that belongs to an extension (postgres_fdw), keeps its servers', async () => {
    const available = await client.query("SELECT 1 FROM pg_available_extensions WHERE name = 'postgres_fdw'");
    if (available.rowCount === 0) return;
    await client.query(`CREATE EXTENSION IF NOT EXISTS postgres_fdw;
      CREATE SERVER pum_kinds_pg FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host 'a', dbname 'd')`);
    try {
      const snapshot = await introspect(client, { includeSchemas: ['none'] });
      expect(snapshot.objects.foreignDataWrappers.map((w) => w.name)).not.toContain('postgres_fdw');
      expect(snapshot.objects.foreignServers.find((s) => s.name === 'pum_kinds_pg')).toMatchObject({
        wrapper: 'postgres_fdw',
        options: ['dbname=d', 'host=a'],
      });
      const members = await introspect(client, { includeSchemas: ['none'], includeExtensionMembers: true });
      expect(members.objects.foreignDataWrappers.find((w) => w.name === 'postgres_fdw')).toMatchObject({
        handler: 'public.postgres_fdw_handler',
        validator: 'public.postgres_fdw_validator',
      });
    } finally {
      await client.query('DROP EXTENSION postgres_fdw CASCADE');
    }
  });
});

describe('columns', () => {
  it('reads positions, types, defaults, NOT NULL, identity, generated, collation, storage, compression', async () => {
    const { schema, snapshot } = await snapshotOf(
      client,
      `CREATE TABLE c (
         gone int,
         id bigint GENERATED BY DEFAULT AS IDENTITY (START WITH 7 INCREMENT BY 3 MINVALUE 5 MAXVALUE 900 CACHE 4 CYCLE),
         label varchar(50) COLLATE "C" NOT NULL DEFAULT 'x',
         amount numeric(10, 2),
         doubled numeric GENERATED ALWAYS AS (amount * 2) STORED,
         notes text COMPRESSION pglz,
         always_id int GENERATED ALWAYS AS IDENTITY
       );
       ALTER TABLE c DROP COLUMN gone;
       ALTER TABLE c ALTER COLUMN notes SET STORAGE EXTERNAL;
       COMMENT ON COLUMN c.label IS 'the label';
       GRANT UPDATE (notes) ON c TO pum_kinds_reader`,
    );
    const columns = snapshot.objects.columns;
    expect(columns.map((c) => [c.name, c.position])).toEqual(
      expect.arrayContaining([
        ['id', 1],
        ['label', 2],
        ['amount', 3],
        ['doubled', 4],
        ['notes', 5],
        ['always_id', 6],
      ]),
    );
    expect(named(columns, 'id')).toMatchObject({
      key: `column:${schema}.c.id`,
      type: 'bigint',
      notNull: true,
      default: null,
      identity: {
        generation: 'by default',
        start: '7',
        increment: '3',
        min: '5',
        max: '900',
        cache: '4',
        cycle: true,
      },
    });
    expect(named(columns, 'always_id').identity).toMatchObject({
      generation: 'always',
      start: '1',
      cycle: false,
    });
    expect(named(columns, 'label')).toMatchObject({
      type: 'character varying(50)',
      notNull: true,
      default: "'x'::character varying",
      collation: '"C"',
      comment: 'the label',
    });
    expect(named(columns, 'amount')).toMatchObject({
      type: 'numeric(10,2)',
      notNull: false,
      collation: null,
      storage: null,
    });
    expect(named(columns, 'doubled')).toMatchObject({
      default: null,
      generated: { expression: '(amount * (2)::numeric)', kind: 'stored' },
    });
    expect(named(columns, 'notes')).toMatchObject({
      storage: 'external',
      compression: 'pglz',
      privileges: [{ grantee: 'pum_kinds_reader', privileges: ['UPDATE'], grantable: [] }],
    });
    // Identity sequences belong to their column, not to the sequences.
    expect(snapshot.objects.sequences).toEqual([]);
  });
});

describe('constraints', () => {
  it('reads primary keys, unique, foreign keys with actions and match, checks, exclusions', async () => {
    const { schema, snapshot } = await snapshotOf(
      client,
      `CREATE TABLE parent (id int PRIMARY KEY, code text, CONSTRAINT code_unique UNIQUE (code) DEFERRABLE INITIALLY DEFERRED);
       CREATE TABLE kid (
         id int CONSTRAINT kid_pk PRIMARY KEY,
         a int CONSTRAINT kid_parent_fk REFERENCES parent (id) MATCH FULL ON UPDATE CASCADE ON DELETE SET NULL,
         b int,
         during tsrange,
         CONSTRAINT b_positive CHECK (b > 0) NO INHERIT,
         CONSTRAINT no_overlap EXCLUDE USING gist (during WITH &&)
       );
       ALTER TABLE kid ADD CONSTRAINT kid_parent_b_fk FOREIGN KEY (b) REFERENCES parent (id) NOT VALID;
       COMMENT ON CONSTRAINT b_positive ON kid IS 'positive b'`,
    );
    const constraints = snapshot.objects.constraints;
    expect(named(constraints, 'kid_pk')).toMatchObject({
      key: `constraint:${schema}.kid.kid_pk`,
      table: 'kid',
      type: 'primary key',
      definition: 'PRIMARY KEY (id)',
      columns: ['id'],
      foreignKey: null,
    });
    expect(named(constraints, 'code_unique')).toMatchObject({
      type: 'unique',
      deferrable: true,
      initiallyDeferred: true,
    });
    expect(named(constraints, 'kid_parent_fk')).toMatchObject({
      type: 'foreign key',
      columns: ['a'],
      validated: true,
      foreignKey: {
        referencedSchema: schema,
        referencedTable: 'parent',
        referencedColumns: ['id'],
        onUpdate: 'cascade',
        onDelete: 'set null',
        match: 'full',
      },
    });
    expect(named(constraints, 'kid_parent_b_fk')).toMatchObject({
      validated: false,
      foreignKey: { onUpdate: 'no action', onDelete: 'no action', match: 'simple' },
    });
    expect(named(constraints, 'kid_parent_b_fk').definition).toContain('NOT VALID');
    expect(named(constraints, 'b_positive')).toMatchObject({
      type: 'check',
      definition: 'CHECK ((b > 0)) NO INHERIT',
      noInherit: true,
      comment: 'positive b',
    });
    expect(named(constraints, 'no_overlap')).toMatchObject({
      type: 'exclude',
      definition: 'EXCLUDE USING gist (during WITH &&)',
    });
    // NOT NULL is a column attribute on every server version (18 also catalogues it).
    expect(constraints.every((c) => c.type !== ('not null' as never))).toBe(true);
  });

  it('names the referenced columns of a foreign key to a table outside the filter', async () => {
    await client.query(
      'CREATE SCHEMA fk_target; CREATE TABLE fk_target.ref (gone int, code text UNIQUE, id int PRIMARY KEY); ALTER TABLE fk_target.ref DROP COLUMN gone',
    );
    const { snapshot } = await snapshotOf(
      client,
      'CREATE TABLE src (id int, ref_code text REFERENCES fk_target.ref (code), ref_id int REFERENCES fk_target.ref (id))',
    );
    expect(
      snapshot.objects.constraints.map((c) => [
        c.columns,
        c.foreignKey?.referencedTable,
        c.foreignKey?.referencedColumns,
      ]),
    ).toEqual([
      [['ref_code'], 'ref', ['code']],
      [['ref_id'], 'ref', ['id']],
    ]);
  });

  it('reads NULLS NOT DISTINCT (PostgreSQL 15+)', async (context) => {
    if (major < 15) context.skip('NULLS NOT DISTINCT needs PostgreSQL 15');
    const { snapshot } = await snapshotOf(
      client,
      `CREATE TABLE u (a int, CONSTRAINT u_a UNIQUE NULLS NOT DISTINCT (a))`,
    );
    expect(named(snapshot.objects.constraints, 'u_a')).toMatchObject({
      nullsNotDistinct: true,
      definition: 'UNIQUE NULLS NOT DISTINCT (a)',
    });
    expect(named(snapshot.objects.indexes, 'u_a')).toMatchObject({
      nullsNotDistinct: true,
      constraint: 'u_a',
    });
  });
});

describe('indexes', () => {
  it('reads definition, method, unique, partial predicate, owning constraint, replica identity, options', async () => {
    const { schema, snapshot } = await snapshotOf(
      client,
      `CREATE TABLE t (id int PRIMARY KEY, name text, tags text[], at timestamptz);
       CREATE UNIQUE INDEX t_lower_name ON t (lower(name)) INCLUDE (id) WITH (fillfactor = 70);
       CREATE INDEX t_recent ON t USING brin (at) WHERE at > '2020-01-01';
       CREATE INDEX t_tags ON t USING gin (tags);
       CREATE INDEX t_hash ON t USING hash (name);
       CLUSTER t USING t_pkey;
       ALTER TABLE t REPLICA IDENTITY USING INDEX t_pkey;
       COMMENT ON INDEX t_tags IS 'tag search'`,
    );
    const indexes = snapshot.objects.indexes;
    expect(named(indexes, 't_pkey')).toMatchObject({
      primary: true,
      unique: true,
      constraint: 't_pkey',
      method: 'btree',
      clustered: true,
      replicaIdentity: true,
    });
    expect(named(indexes, 't_lower_name')).toMatchObject({
      key: `index:${schema}.t_lower_name`,
      table: 't',
      unique: true,
      replicaIdentity: false,
      constraint: null,
      options: ['fillfactor=70'],
      definition: `CREATE UNIQUE INDEX t_lower_name ON ${schema}.t USING btree (lower(name)) INCLUDE (id) WITH (fillfactor='70')`,
    });
    expect(named(indexes, 't_recent')).toMatchObject({
      method: 'brin',
      predicate: "(at > '2020-01-01 00:00:00+00'::timestamp with time zone)",
    });
    expect(named(indexes, 't_tags')).toMatchObject({ method: 'gin', comment: 'tag search', valid: true });
    expect(named(indexes, 't_hash').method).toBe('hash');
  });
});

describe('views and materialized views', () => {
  it('reads definitions and security options', async () => {
    const { snapshot } = await snapshotOf(
      client,
      `CREATE TABLE base (id int, ok boolean);
       CREATE VIEW barrier WITH (security_barrier) AS SELECT id FROM base;
       CREATE VIEW checked AS SELECT * FROM base WHERE ok WITH LOCAL CHECK OPTION;
       CREATE MATERIALIZED VIEW mv AS SELECT count(*) AS n FROM base WITH NO DATA;
       CREATE INDEX mv_n ON mv (n);
       COMMENT ON VIEW barrier IS 'secure'`,
    );
    expect(named(snapshot.objects.views, 'barrier')).toMatchObject({
      securityBarrier: true,
      securityInvoker: false,
      checkOption: null,
      comment: 'secure',
      // PostgreSQL 16 stopped qualifying columns of a single-table view.
      definition: expect.stringMatching(/SELECT (base\.)?id\s+FROM t\w+\.base;/),
    });
    expect(named(snapshot.objects.views, 'checked')).toMatchObject({
      checkOption: 'local',
      options: ['check_option=local'],
    });
    expect(named(snapshot.objects.materializedViews, 'mv').definition).toContain('count(*) AS n');
    expect(named(snapshot.objects.indexes, 'mv_n').table).toBe('mv');
    expect(snapshot.objects.columns.filter((c) => c.table === 'mv').map((c) => c.name)).toEqual(['n']);
  });

  it('reads security_invoker (PostgreSQL 15+)', async (context) => {
    if (major < 15) context.skip('security_invoker needs PostgreSQL 15');
    const { snapshot } = await snapshotOf(
      client,
      `CREATE TABLE base (id int); CREATE VIEW inv WITH (security_invoker = true) AS SELECT id FROM base WITH CASCADED CHECK OPTION`,
    );
    expect(named(snapshot.objects.views, 'inv')).toMatchObject({
      securityInvoker: true,
      checkOption: 'cascaded',
    });
  });
});

describe('sequences', () => {
  it('reads type, start, increment, bounds, cache, cycle and owner column', async () => {
    const { schema, snapshot } = await snapshotOf(
      client,
      `CREATE SEQUENCE s AS smallint START 10 INCREMENT -2 MINVALUE -100 MAXVALUE 50 CACHE 3 CYCLE;
       CREATE TABLE t (id serial);
       GRANT USAGE ON SEQUENCE s TO pum_kinds_reader`,
    );
    expect(named(snapshot.objects.sequences, 's')).toMatchObject({
      dataType: 'smallint',
      start: '10',
      increment: '-2',
      min: '-100',
      max: '50',
      cache: '3',
      cycle: true,
      ownedBy: null,
    });
    expect(
      named(snapshot.objects.sequences, 's').privileges.find((p) => p.grantee === 'pum_kinds_reader')
        ?.privileges,
    ).toEqual(['USAGE']);
    expect(named(snapshot.objects.sequences, 't_id_seq')).toMatchObject({
      dataType: 'integer',
      max: '2147483647',
      ownedBy: { schema, table: 't', column: 'id' },
    });
  });
});

describe('functions', () => {
  it('reads signatures, attributes, bodies and overloads', async () => {
    const { schema, snapshot } = await snapshotOf(
      client,
      `CREATE FUNCTION f(a int, b text DEFAULT 'x') RETURNS TABLE (n int) LANGUAGE sql STABLE STRICT
         SECURITY DEFINER LEAKPROOF PARALLEL RESTRICTED COST 7 ROWS 42 SET work_mem = '1MB' SET search_path = pg_catalog
         AS $$ SELECT a $$;
       CREATE FUNCTION f(a int) RETURNS int LANGUAGE plpgsql AS $body$ BEGIN RETURN a; END $body$;
       CREATE FUNCTION std(a int) RETURNS int LANGUAGE sql IMMUTABLE RETURN a + 1;
       CREATE PROCEDURE p(INOUT x int) LANGUAGE plpgsql AS $$ BEGIN x := x + 1; END $$;
       CREATE FUNCTION w() RETURNS int LANGUAGE internal WINDOW AS 'window_row_number';
       REVOKE EXECUTE ON FUNCTION f(int) FROM PUBLIC;
       COMMENT ON FUNCTION f(int, text) IS 'two args'`,
    );
    const functions = snapshot.objects.functions;
    const two = functions.find((f) => f.identityArguments === 'a integer, b text');
    expect(two).toMatchObject({
      key: `function:${schema}.f(a integer, b text)`,
      kind: 'function',
      arguments: "a integer, b text DEFAULT 'x'::text",
      result: 'TABLE(n integer)',
      language: 'sql',
      volatility: 'stable',
      strict: true,
      securityDefiner: true,
      leakproof: true,
      parallel: 'restricted',
      cost: 7,
      rows: 42,
      config: ['search_path=pg_catalog', 'work_mem=1MB'],
      body: ' SELECT a ',
      comment: 'two args',
      aggregate: null,
    });
    expect(two?.definition).toContain('CREATE OR REPLACE FUNCTION');
    const one = functions.find((f) => f.identityArguments === 'a integer' && f.name === 'f');
    expect(one).toMatchObject({
      language: 'plpgsql',
      volatility: 'volatile',
      strict: false,
      parallel: 'unsafe',
      result: 'integer',
    });
    expect(one?.privileges.map((p) => p.grantee)).toEqual(['postgres']);
    expect(named(functions, 'std')).toMatchObject({ body: '', volatility: 'immutable' });
    expect(named(functions, 'std').definition).toContain('RETURN (a + 1)');
    expect(named(functions, 'p')).toMatchObject({
      kind: 'procedure',
      result: null,
      identityArguments: 'INOUT x integer',
    });
    expect(named(functions, 'w').kind).toBe('window');
  });

  it('reads aggregates without pg_get_functiondef', async () => {
    const { snapshot } = await snapshotOf(
      client,
      `CREATE AGGREGATE cat(text) (SFUNC = textcat, STYPE = text, INITCOND = '');
       CREATE AGGREGATE biggest(int) (SFUNC = int4larger, STYPE = int, SORTOP = >, COMBINEFUNC = int4larger, PARALLEL = SAFE)`,
    );
    expect(named(snapshot.objects.functions, 'cat')).toMatchObject({
      kind: 'aggregate',
      definition: null,
      aggregate: {
        kind: 'normal',
        transitionFunction: 'textcat(text,text)',
        stateType: 'text',
        initialValue: '',
        finalFunction: null,
      },
    });
    expect(named(snapshot.objects.functions, 'biggest')).toMatchObject({
      parallel: 'safe',
      aggregate: { combineFunction: 'int4larger', sortOperator: '>(integer,integer)', initialValue: null },
    });
  });
});

describe('triggers, event triggers and rules', () => {
  it('reads trigger timing, events, level, function and enabled state', async () => {
    const { schema, snapshot } = await snapshotOf(
      client,
      `CREATE TABLE t (a int, b int);
       CREATE VIEW v AS SELECT * FROM t;
       CREATE FUNCTION trg() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
       CREATE TRIGGER t_before BEFORE INSERT OR UPDATE OF b ON t FOR EACH ROW WHEN (NEW.a > 0) EXECUTE FUNCTION trg();
       CREATE TRIGGER t_after AFTER DELETE OR TRUNCATE ON t FOR EACH STATEMENT EXECUTE FUNCTION trg();
       CREATE TRIGGER v_instead INSTEAD OF INSERT ON v FOR EACH ROW EXECUTE FUNCTION trg();
       CREATE CONSTRAINT TRIGGER t_constraint AFTER UPDATE ON t DEFERRABLE FOR EACH ROW EXECUTE FUNCTION trg();
       ALTER TABLE t DISABLE TRIGGER t_after;
       ALTER TABLE t ENABLE ALWAYS TRIGGER t_before;
       COMMENT ON TRIGGER t_before ON t IS 'before'`,
    );
    const triggers = snapshot.objects.triggers;
    expect(named(triggers, 't_before')).toMatchObject({
      key: `trigger:${schema}.t.t_before`,
      timing: 'before',
      events: ['insert', 'update'],
      level: 'row',
      function: `${schema}.trg`,
      enabled: 'always',
      constraint: false,
      comment: 'before',
    });
    expect(named(triggers, 't_before').definition).toContain('WHEN ((new.a > 0))');
    expect(named(triggers, 't_after')).toMatchObject({
      timing: 'after',
      events: ['delete', 'truncate'],
      level: 'statement',
      enabled: 'disabled',
    });
    expect(named(triggers, 'v_instead')).toMatchObject({
      timing: 'instead of',
      table: 'v',
      enabled: 'origin',
    });
    expect(named(triggers, 't_constraint').constraint).toBe(true);
  });

  it('leaves out the clones of a partitioned table trigger and foreign-key internals', async () => {
    const { snapshot } = await snapshotOf(
      client,
      `CREATE TABLE p (a int PRIMARY KEY) PARTITION BY RANGE (a);
       CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (0) TO (10);
       CREATE TABLE r (a int REFERENCES p1 (a));
       CREATE FUNCTION trg() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
       CREATE TRIGGER p_trg BEFORE INSERT ON p FOR EACH ROW EXECUTE FUNCTION trg()`,
    );
    expect(snapshot.objects.triggers.map((t) => `${t.table}.${t.name}`)).toEqual(['p.p_trg']);
  });

  it('reads event triggers with tags and state', async () => {
    await client.query(`CREATE FUNCTION public.evt() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN END $$;
      CREATE EVENT TRIGGER pum_kinds_evt ON ddl_command_start WHEN TAG IN ('DROP TABLE', 'CREATE TABLE') EXECUTE FUNCTION public.evt();
      ALTER EVENT TRIGGER pum_kinds_evt ENABLE REPLICA;
      COMMENT ON EVENT TRIGGER pum_kinds_evt IS 'evt'`);
    const snapshot = await introspect(client, { includeSchemas: ['public'] });
    expect(named(snapshot.objects.eventTriggers, 'pum_kinds_evt')).toEqual({
      key: 'event_trigger:pum_kinds_evt',
      name: 'pum_kinds_evt',
      event: 'ddl_command_start',
      tags: ['CREATE TABLE', 'DROP TABLE'],
      function: 'public.evt',
      enabled: 'replica',
      owner: 'postgres',
      comment: 'evt',
    });
    await client.query('DROP EVENT TRIGGER pum_kinds_evt');
  });

  it("reads rules, never views' _RETURN", async () => {
    const { snapshot } = await snapshotOf(
      client,
      `CREATE TABLE t (a int); CREATE VIEW v AS SELECT * FROM t;
       CREATE RULE t_ins AS ON INSERT TO t WHERE NEW.a < 0 DO INSTEAD NOTHING;
       CREATE RULE v_del AS ON DELETE TO v DO ALSO DELETE FROM t WHERE a = OLD.a;
       ALTER TABLE t DISABLE RULE t_ins`,
    );
    expect(snapshot.objects.rules.map((r) => r.name)).toEqual(['t_ins', 'v_del']);
    expect(named(snapshot.objects.rules, 't_ins')).toMatchObject({
      event: 'insert',
      instead: true,
      enabled: 'disabled',
    });
    expect(named(snapshot.objects.rules, 'v_del')).toMatchObject({
      event: 'delete',
      instead: false,
      table: 'v',
    });
    expect(named(snapshot.objects.rules, 'v_del').definition).toContain('DO  DELETE FROM');
  });
});

describe('types and collations', () => {
  it('reads enums in label order, domains, composites and ranges', async () => {
    const { schema, snapshot } = await snapshotOf(
      client,
      `CREATE TYPE mood AS ENUM ('sad', 'ok');
       ALTER TYPE mood ADD VALUE 'meh' BEFORE 'ok';
       CREATE DOMAIN dia AS numeric(6, 1) DEFAULT 1.5 NOT NULL
         CONSTRAINT dia_positive CHECK (VALUE > 0) CONSTRAINT dia_small CHECK (VALUE < 1000);
       CREATE DOMAIN code AS text COLLATE "C";
       COMMENT ON CONSTRAINT dia_small ON DOMAIN dia IS 'small';
       CREATE TYPE addr AS (street text COLLATE "C", no int);
       CREATE TYPE span AS RANGE (subtype = float8, subtype_diff = float8mi);
       GRANT USAGE ON TYPE mood TO pum_kinds_reader;
       COMMENT ON TYPE mood IS 'feelings'`,
    );
    const types = snapshot.objects.types;
    expect(named(types, 'mood')).toMatchObject({
      key: `type:${schema}.mood`,
      kind: 'enum',
      labels: ['sad', 'meh', 'ok'],
      domain: null,
      comment: 'feelings',
    });
    expect(named(types, 'mood').privileges.map((p) => p.grantee)).toEqual([
      'PUBLIC',
      'postgres',
      'pum_kinds_reader',
    ]);
    expect(named(types, 'dia')).toMatchObject({
      kind: 'domain',
      domain: {
        baseType: 'numeric(6,1)',
        default: '1.5',
        notNull: true,
        collation: null,
        constraints: [
          {
            name: 'dia_positive',
            definition: 'CHECK ((VALUE > (0)::numeric))',
            validated: true,
            comment: null,
          },
          {
            name: 'dia_small',
            definition: 'CHECK ((VALUE < (1000)::numeric))',
            validated: true,
            comment: 'small',
          },
        ],
      },
    });
    expect(named(types, 'code').domain?.collation).toBe('"C"');
    expect(named(types, 'addr')).toMatchObject({
      kind: 'composite',
      attributes: [
        { name: 'street', type: 'text', collation: '"C"' },
        { name: 'no', type: 'integer', collation: null },
      ],
    });
    expect(named(types, 'span')).toMatchObject({
      kind: 'range',
      range: {
        subtype: 'double precision',
        subtypeDiff: 'float8mi(double precision,double precision)',
        canonical: null,
      },
    });
    // A range type's constructor functions and multirange are implied, not user objects.
    expect(snapshot.objects.functions).toEqual([]);
    expect(types.map((t) => t.name).sort()).toEqual(['addr', 'code', 'dia', 'mood', 'span']);
  });

  it('reads collations', async () => {
    const { snapshot } = await snapshotOf(
      client,
      `CREATE COLLATION c_copy (provider = libc, locale = 'C'); COMMENT ON COLLATION c_copy IS 'copy'`,
    );
    expect(named(snapshot.objects.collations, 'c_copy')).toMatchObject({
      provider: 'libc',
      deterministic: true,
      lcCollate: 'C',
      lcCtype: 'C',
      comment: 'copy',
    });
  });
});

describe('policies, default privileges and publications', () => {
  it('reads policies', async () => {
    const { snapshot } = await snapshotOf(
      client,
      `CREATE TABLE t (owner_name text, v int);
       CREATE POLICY mine ON t FOR SELECT TO pum_kinds_reader, "Pum ""Odd"" Role" USING (owner_name = current_user);
       CREATE POLICY strict_upd ON t AS RESTRICTIVE FOR UPDATE USING (true) WITH CHECK (v > 0);
       CREATE POLICY everything ON t USING (v IS NOT NULL)`,
    );
    expect(named(snapshot.objects.policies, 'mine')).toMatchObject({
      command: 'select',
      permissive: true,
      roles: ['Pum "Odd" Role', 'pum_kinds_reader'],
      using: '(owner_name = CURRENT_USER)',
      withCheck: null,
    });
    expect(named(snapshot.objects.policies, 'strict_upd')).toMatchObject({
      command: 'update',
      permissive: false,
      roles: ['PUBLIC'],
      withCheck: '(v > 0)',
    });
    expect(named(snapshot.objects.policies, 'everything').command).toBe('all');
  });

  it('reads default privileges, per schema and global', async () => {
    const { schema, snapshot } = await snapshotOf(client, 'SELECT 1');
    await client.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA ${schema} GRANT SELECT ON TABLES TO pum_kinds_reader;
      ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC`);
    const again = await introspect(client, { includeSchemas: [schema] });
    expect(snapshot.objects.defaultPrivileges).toEqual([]);
    expect(again.objects.defaultPrivileges).toEqual(
      expect.arrayContaining([
        {
          key: 'default_privilege:postgres.*.functions',
          role: 'postgres',
          schema: null,
          objectType: 'functions',
          privileges: [{ grantee: 'postgres', privileges: ['EXECUTE'], grantable: [] }],
        },
        {
          key: `default_privilege:postgres.${schema}.tables`,
          role: 'postgres',
          schema,
          objectType: 'tables',
          privileges: [{ grantee: 'pum_kinds_reader', privileges: ['SELECT'], grantable: [] }],
        },
      ]),
    );
    await client.query('ALTER DEFAULT PRIVILEGES GRANT EXECUTE ON FUNCTIONS TO PUBLIC');
  });

  it('reads publications and their tables', async () => {
    const { schema, snapshot } = await snapshotOf(
      client,
      `CREATE TABLE a (id int PRIMARY KEY, x int); CREATE TABLE b (id int PRIMARY KEY);
       CREATE PUBLICATION pum_kinds_pub FOR TABLE a, b WITH (publish = 'insert, delete', publish_via_partition_root = true);
       COMMENT ON PUBLICATION pum_kinds_pub IS 'pub'`,
    );
    expect(named(snapshot.objects.publications, 'pum_kinds_pub')).toEqual({
      key: 'publication:pum_kinds_pub',
      name: 'pum_kinds_pub',
      owner: 'postgres',
      allTables: false,
      operations: ['insert', 'delete'],
      viaRoot: true,
      tables: [
        { schema, table: 'a', rowFilter: null, columns: null },
        { schema, table: 'b', rowFilter: null, columns: null },
      ],
      schemas: [],
      comment: 'pub',
    });
    await client.query('DROP PUBLICATION pum_kinds_pub');
  });

  it('reads row filters, column lists and schema publications (PostgreSQL 15+)', async (context) => {
    if (major < 15) context.skip('needs PostgreSQL 15');
    const { schema, snapshot } = await snapshotOf(
      client,
      `CREATE TABLE a (id int PRIMARY KEY, x int, y int);
       CREATE PUBLICATION pum_kinds_pub2 FOR TABLE a (id, x) WHERE (x > 0);
       CREATE PUBLICATION pum_kinds_pub3 FOR TABLES IN SCHEMA public`,
    );
    expect(named(snapshot.objects.publications, 'pum_kinds_pub2')).toMatchObject({
      tables: [{ schema, table: 'a', rowFilter: '(x > 0)', columns: ['id', 'x'] }],
      schemas: [],
    });
    expect(named(snapshot.objects.publications, 'pum_kinds_pub3')).toMatchObject({
      tables: [],
      schemas: ['public'],
    });
    await client.query('DROP PUBLICATION pum_kinds_pub2; DROP PUBLICATION pum_kinds_pub3');
  });
});

describe('unmodeled kinds', () => {
  it('count subscriptions, also for a role that may not read their connection strings', async () => {
    await client.query(`CREATE PUBLICATION pum_kinds_sub_pub;
      CREATE SUBSCRIPTION pum_kinds_sub CONNECTION 'dbname=nowhere password=hunter2' PUBLICATION pum_kinds_sub_pub
        WITH (connect = false)`);
    try {
      const snapshot = await introspect(client, { includeSchemas: ['none'] });
      expect(snapshot.unmodeled).toMatchObject({ subscriptions: 1 });
      expect(JSON.stringify(snapshot)).not.toContain('hunter2');
      await client.query('SET ROLE pum_kinds_reader');
      const unprivileged = await introspect(client, { includeSchemas: ['none'] });
      await client.query('RESET ROLE');
      expect(unprivileged.unmodeled).toMatchObject({ subscriptions: 1 });
    } finally {
      await client.query(`RESET ROLE; ALTER SUBSCRIPTION pum_kinds_sub SET (slot_name = NONE);
        DROP SUBSCRIPTION pum_kinds_sub; DROP PUBLICATION pum_kinds_sub_pub`);
    }
  });

  it('are counted, never silently dropped', async () => {
    const { snapshot } = await snapshotOf(
      client,
      `CREATE OPERATOR === (LEFTARG = int, RIGHTARG = int, FUNCTION = int4eq);
       CREATE TEXT SEARCH CONFIGURATION fts (COPY = pg_catalog.simple);
       CREATE TABLE t (a int, b int); CREATE STATISTICS t_stats ON a, b FROM t`,
    );
    expect(snapshot.unmodeled).toMatchObject({
      operators: 1,
      'text search configurations': 1,
      'extended statistics': 1,
    });
  });
});
