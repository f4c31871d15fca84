/**
 * No phantom differences: the same schema after a pg_dump / pg_restore round trip, and built
 * by running its SQL in a different order, compares empty.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { introspect } from '@pum/introspect';
import { useTestDatabase } from '@pum/test-postgres';
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

  it('between a database and its pg_dump / pg_restore copy', async (context) => {
    const binDir = pair.from && restored.server.binDir;
    if (!binDir) context.skip(`no pg_dump fit for PostgreSQL ${restored.server.serverVersion}`);
    const source = pair.from;
    await source.query(`CREATE SCHEMA copied; SET search_path = copied; ${FORWARD}; RESET search_path`);
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
