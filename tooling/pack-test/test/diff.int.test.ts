/** @pum/diff on its own (with @pum/introspect, its dependency): a live database against a reference snapshot. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { introspect, saveSnapshot } from '@pum/introspect';
import { useTestDatabase } from '@pum/test-postgres';
import { expect, it } from 'vitest';
import { describeRun } from '../src/processes.js';
import { installAlone, resolveInProject } from './install-alone.js';

const db = useTestDatabase();

it('@pum/diff installs alone and runs its README example', async () => {
  const client = await db.connect();
  await client.query(`CREATE SCHEMA qwat_od;
    CREATE TABLE qwat_od.pipe (id integer PRIMARY KEY, material text);
    CREATE VIEW qwat_od.vw_pipe AS SELECT id, material FROM qwat_od.pipe;
    CREATE TABLE public.notes (id integer)`);
  const project = await installAlone('@pum/diff');
  await saveSnapshot(
    await introspect(client, { excludeSchemas: ['public'] }),
    join(project.dir, 'reference.json'),
  );
  const env = { DATABASE_URL: db.url };

  // Production drifted: a column the reference lacks, plus changes the example ignores (a view's
  // definition, the public schema).
  await client.query(`ALTER TABLE qwat_od.pipe ADD COLUMN diameter integer;
    CREATE OR REPLACE VIEW qwat_od.vw_pipe AS SELECT id, material FROM qwat_od.pipe WHERE id > 0;
    ALTER TABLE public.notes ADD COLUMN body text`);
  const drifted = await project.runExample(env);
  expect(drifted.code, describeRun(drifted)).toBe(1);
  expect(drifted.stdout).toContain('qwat_od.pipe.diameter');
  expect(drifted.stdout).not.toMatch(/vw_pipe|notes/);

  await client.query('ALTER TABLE qwat_od.pipe DROP COLUMN diameter');
  const same = await project.runExample(env);
  expect(same.code, describeRun(same)).toBe(0);

  // The report's JSON Schema ships as an export of its own.
  const schema = await resolveInProject(project, '@pum/diff/diff-report.schema.json');
  expect(JSON.parse(readFileSync(schema, 'utf8'))).toHaveProperty('$schema');
});
