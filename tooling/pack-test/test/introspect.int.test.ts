/** @pum/introspect on its own: a snapshot of a schema the test made, saved to a file. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { introspect, serializeSnapshot } from '@pum/introspect';
import { getTestServer, skipCheck, useTestDatabase } from '@pum/test-postgres';
import { expect, it } from 'vitest';
import { describeRun } from '../src/processes.js';
import { installAlone } from './install-alone.js';

// The README shows a PostGIS column; without PostGIS the pipe has coordinates as text.
const postgis = getTestServer().postgisTemplate !== undefined;
const db = useTestDatabase({ postgis });

it('@pum/introspect installs alone and runs its README example', async () => {
  const client = await db.connect();
  if (!postgis) skipCheck("the README's PostGIS column", 'postgis');
  const geometry = postgis ? 'public.geometry(LineString,21781)' : 'text';
  await client.query(`CREATE SCHEMA qwat_od;
    CREATE TABLE qwat_od.pipe (id integer PRIMARY KEY, geometry ${geometry}, diameter integer);
    CREATE TABLE qwat_od.valve (id integer PRIMARY KEY, pipe_id integer REFERENCES qwat_od.pipe)`);

  const project = await installAlone('@pum/introspect');
  const run = await project.runExample({ DATABASE_URL: db.url });
  expect(run.code, describeRun(run)).toBe(0);
  expect(run.stdout).toContain('2 tables\n');
  expect(run.stdout.replace(/\s+/g, ' ')).toContain(
    `[ 'id integer', 'geometry ${geometry}', 'diameter integer' ]`,
  );
  // The file is the snapshot the workspace's own code makes of the same database, byte for byte.
  const saved = readFileSync(join(project.dir, 'qwat.json'), 'utf8');
  expect(JSON.parse(saved).objects.tables.map((table: { key: string }) => table.key)).toEqual([
    'table:qwat_od.pipe',
    'table:qwat_od.valve',
  ]);
  expect(saved).toBe(serializeSnapshot(await introspect(client, { excludeSchemas: ['tiger*'] })));
});
