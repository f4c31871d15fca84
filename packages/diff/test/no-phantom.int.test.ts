/**
 * No phantom differences: the same schema after a pg_dump / pg_restore round trip, and built
 * by running its SQL in a different order, compares empty. The test of truth for partitions
 * and inheritance children: where pg_dump --schema-only writes two databases alike, pum reports
 * nothing; where it writes them differently, pum sees it too.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { introspect } from '@pum/introspect';
import { skipCheck, skipTestUnless, useTestDatabase } from '@pum/test-postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { diffSnapshots, isEmptyDiff } from '../src/index.js';
import { changeLines, useDatabasePair } from './pair.js';

const run = promisify(execFile);
const pair = useDatabasePair();
const restored = useTestDatabase();
const work = mkdtempSync(join(tmpdir(), 'pum-no-phantom-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const FORWARD = `
CREATE TYPE status AS ENUM ('planned', 'built');
CREATE TABLE node (id int PRIMARY KEY, name text NOT NULL, status status DEFAULT 'planned');
CREATE TABLE pipe (id serial PRIMARY KEY, a int REFERENCES node (id), b int REFERENCES node (id) ON DELETE CASCADE,
  length numeric(10, 2) CHECK (length > 0));
CREATE INDEX pipe_a ON pipe (a);
CREATE VIEW pipe_nodes AS SELECT p.id, n.name FROM pipe p JOIN node n ON n.id = p.a;
CREATE FUNCTION pipe_count() RETURNS bigint LANGUAGE sql STABLE AS 'SELECT count(*) FROM pipe';
COMMENT ON TABLE pipe IS 'pipes';
`;

/** Issue 13, item 15: a key inherited by a range and a DEFAULT partition, foreign keys to and from. */
const PARTITIONED = `
CREATE TABLE site (id int PRIMARY KEY);
CREATE TABLE reading (id bigint NOT NULL, taken date NOT NULL, site_id int REFERENCES site (id),
  value numeric CONSTRAINT reading_value_check CHECK (value >= 0), PRIMARY KEY (id, taken)) PARTITION BY RANGE (taken);
CREATE TABLE reading_2025 PARTITION OF reading FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE reading_default PARTITION OF reading DEFAULT;
CREATE TABLE alarm (id int PRIMARY KEY, reading_id bigint, reading_taken date,
  FOREIGN KEY (reading_id, reading_taken) REFERENCES reading (id, taken));
CREATE TABLE reading_2024 (value numeric CONSTRAINT reading_value_check CHECK (value >= 0),
  site_id int CONSTRAINT reading_2024_site_fk REFERENCES site (id), taken date NOT NULL, id bigint NOT NULL);
ALTER TABLE reading ATTACH PARTITION reading_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
`;

/** PARTITIONED as pg_dump writes it: standalone partitions attached, keys ONLY, foreign keys last. */
const PARTITIONED_RESTORED = `
CREATE TABLE site (id int NOT NULL);
CREATE TABLE reading (id bigint NOT NULL, taken date NOT NULL, site_id int, value numeric,
  CONSTRAINT reading_value_check CHECK (value >= 0)) PARTITION BY RANGE (taken);
CREATE TABLE reading_2024 (value numeric, site_id int, taken date NOT NULL, id bigint NOT NULL,
  CONSTRAINT reading_value_check CHECK (value >= 0));
CREATE TABLE reading_2025 (id bigint NOT NULL, taken date NOT NULL, site_id int, value numeric,
  CONSTRAINT reading_value_check CHECK (value >= 0));
CREATE TABLE reading_default (id bigint NOT NULL, taken date NOT NULL, site_id int, value numeric,
  CONSTRAINT reading_value_check CHECK (value >= 0));
CREATE TABLE alarm (id int NOT NULL, reading_id bigint, reading_taken date);
ALTER TABLE ONLY reading ATTACH PARTITION reading_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
ALTER TABLE ONLY reading ATTACH PARTITION reading_2025 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
ALTER TABLE ONLY reading ATTACH PARTITION reading_default DEFAULT;
ALTER TABLE ONLY alarm ADD CONSTRAINT alarm_pkey PRIMARY KEY (id);
ALTER TABLE ONLY site ADD CONSTRAINT site_pkey PRIMARY KEY (id);
ALTER TABLE ONLY reading ADD CONSTRAINT reading_pkey PRIMARY KEY (id, taken);
ALTER TABLE ONLY reading_2024 ADD CONSTRAINT reading_2024_pkey PRIMARY KEY (id, taken);
ALTER TABLE ONLY reading_2025 ADD CONSTRAINT reading_2025_pkey PRIMARY KEY (id, taken);
ALTER TABLE ONLY reading_default ADD CONSTRAINT reading_default_pkey PRIMARY KEY (id, taken);
ALTER INDEX reading_pkey ATTACH PARTITION reading_2024_pkey;
ALTER INDEX reading_pkey ATTACH PARTITION reading_2025_pkey;
ALTER INDEX reading_pkey ATTACH PARTITION reading_default_pkey;
ALTER TABLE ONLY alarm ADD CONSTRAINT alarm_reading_id_reading_taken_fkey FOREIGN KEY (reading_id, reading_taken)
  REFERENCES reading (id, taken);
ALTER TABLE reading ADD CONSTRAINT reading_site_id_fkey FOREIGN KEY (site_id) REFERENCES site (id);
`;

const BACKWARD = `
CREATE TYPE status AS ENUM ('planned', 'built');
CREATE TABLE node (id int, name text, status status);
CREATE TABLE pipe (id integer NOT NULL, a int, b int, length numeric(10, 2));
CREATE SEQUENCE pipe_id_seq AS integer OWNED BY pipe.id;
ALTER TABLE pipe ALTER id SET DEFAULT nextval('pipe_id_seq');
COMMENT ON TABLE pipe IS 'pipes';
CREATE FUNCTION pipe_count() RETURNS bigint LANGUAGE sql STABLE AS 'SELECT count(*) FROM pipe';
ALTER TABLE node ALTER name SET NOT NULL;
ALTER TABLE node ALTER status SET DEFAULT 'planned';
ALTER TABLE node ADD CONSTRAINT node_pkey PRIMARY KEY (id);
ALTER TABLE pipe ADD CONSTRAINT pipe_pkey PRIMARY KEY (id);
ALTER TABLE pipe ADD CONSTRAINT pipe_length_check CHECK (length > 0);
ALTER TABLE pipe ADD CONSTRAINT pipe_b_fkey FOREIGN KEY (b) REFERENCES node (id) ON DELETE CASCADE;
ALTER TABLE pipe ADD CONSTRAINT pipe_a_fkey FOREIGN KEY (a) REFERENCES node (id);
CREATE VIEW pipe_nodes AS SELECT p.id, n.name FROM pipe p JOIN node n ON n.id = p.a;
CREATE INDEX pipe_a ON pipe (a);
`;

describe('no phantom differences', () => {
  it('between a schema and the same schema built in another order', async () => {
    const report = await pair.diff(FORWARD, BACKWARD);
    expect(changeLines(report)).toEqual([]);
  });

  it('between partitions made with PARTITION OF and the same partitions as pg_restore makes them', async () => {
    const report = await pair.diff(PARTITIONED, PARTITIONED_RESTORED);
    expect(changeLines(report)).toEqual([]);
    expect(await schemaDumpsEqual()).toBe(withPgDump() ? true : undefined);
  });

  it('between a database and its pg_dump / pg_restore copy', async () => {
    const binDir = pair.from && restored.server.binDir;
    if (!binDir) skipTestUnless('pg_dump');
    const source = pair.from;
    await source.query(
      `CREATE SCHEMA copied; SET search_path = copied; ${FORWARD}; ${PARTITIONED}; RESET search_path`,
    );
    const { rows } = await source.query<{ db: string }>('SELECT current_database() AS db');
    const url = new URL(restored.url);
    url.pathname = `/${rows[0]?.db}`;
    const dump = join(work, 'copy.dump');
    await run(join(binDir as string, 'pg_dump'), ['-Fc', `--file=${dump}`, `--dbname=${url.href}`]);
    await run(join(binDir as string, 'pg_restore'), ['--exit-on-error', `--dbname=${restored.url}`, dump]);
    const target = await restored.connect();
    const report = diffSnapshots(await introspect(source), await introspect(target));
    expect(changeLines(report)).toEqual([]);
    expect(isEmptyDiff(report)).toBe(true);
  });
});

const withPgDump = () => pair.fromDb.server.binDir !== undefined;

/**
 * Whether pg_dump --schema-only writes the schema of the last `pair.diff` alike on both sides;
 * `undefined` without a pg_dump fit for the server.
 */
async function schemaDumpsEqual(): Promise<boolean | undefined> {
  const binDir = pair.fromDb.server.binDir;
  if (!binDir) {
    skipCheck('pg_dump --schema-only of both sides compared', 'pg_dump');
    return undefined;
  }
  const dump = async (url: string) => {
    const { stdout } = await run(join(binDir, 'pg_dump'), [
      '--schema-only',
      `--schema=${pair.lastSchema}`,
      `--dbname=${url}`,
    ]);
    // \restrict lines carry a random key (pg_dump 17.6, 16.10, 15.14 and later).
    return stdout.replace(/^\\(un)?restrict .*$/gm, '');
  };
  return (await dump(pair.fromDb.url)) === (await dump(pair.toDb.url));
}

describe('what pg_dump writes differently, pum sees', () => {
  it('a partition key under another name than PARTITION OF gives it', async () => {
    const report = await pair.diff(
      `CREATE TABLE m (id int, at date, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
       CREATE TABLE m_2025 PARTITION OF m FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');`,
      `CREATE TABLE m (id int, at date, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
       CREATE TABLE m_2025 (id int, at date, CONSTRAINT m_2025_own_pk PRIMARY KEY (id, at));
       ALTER TABLE m ATTACH PARTITION m_2025 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');`,
    );
    expect(changeLines(report)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^constraints \+ c\d+\.m_2025\.m_2025_own_pk$/),
        expect.stringMatching(/^constraints - c\d+\.m_2025\.m_2025_pkey$/),
      ]),
    );
    expect(await schemaDumpsEqual()).toBe(withPgDump() ? false : undefined);
  });

  it('an attached partition whose columns are in another order', async () => {
    const report = await pair.diff(
      `CREATE TABLE m (id int, at date) PARTITION BY RANGE (at);
       CREATE TABLE m_2025 PARTITION OF m FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');`,
      `CREATE TABLE m (id int, at date) PARTITION BY RANGE (at);
       CREATE TABLE m_2025 (at date, id int);
       ALTER TABLE m ATTACH PARTITION m_2025 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');`,
    );
    expect(changeLines(report)).toEqual([
      expect.stringMatching(/^columns ~ c\d+\.m_2025\.at: position$/),
      expect.stringMatching(/^columns ~ c\d+\.m_2025\.id: position$/),
    ]);
    expect(await schemaDumpsEqual()).toBe(withPgDump() ? false : undefined);
  });

  it("a partition's clone of its parent's trigger disabled", async () => {
    const sql = `CREATE TABLE m (id int) PARTITION BY RANGE (id);
      CREATE TABLE m_1 PARTITION OF m FOR VALUES FROM (0) TO (10);
      CREATE FUNCTION tf() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';
      CREATE TRIGGER tr BEFORE INSERT ON m FOR EACH ROW EXECUTE FUNCTION tf();`;
    const report = await pair.diff(sql, `${sql} ALTER TABLE m_1 DISABLE TRIGGER tr;`);
    expect(changeLines(report)).toEqual([expect.stringMatching(/^triggers ~ c\d+\.m\.tr: partitions$/)]);
    expect(await schemaDumpsEqual()).toBe(withPgDump() ? false : undefined);
  });

  it('a check an inheritance child declares itself as well as inherits', async () => {
    const report = await pair.diff(
      `CREATE TABLE asset (id int CONSTRAINT asset_id_check CHECK (id > 0));
       CREATE TABLE pump (power real) INHERITS (asset);`,
      `CREATE TABLE asset (id int CONSTRAINT asset_id_check CHECK (id > 0));
       CREATE TABLE pump (power real, CONSTRAINT asset_id_check CHECK (id > 0)) INHERITS (asset);`,
    );
    expect(changeLines(report)).toEqual([
      expect.stringMatching(/^constraints ~ c\d+\.pump\.asset_id_check: local$/),
    ]);
    expect(await schemaDumpsEqual()).toBe(withPgDump() ? false : undefined);
  });
});
