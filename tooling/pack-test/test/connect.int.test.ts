/** @pum/connect on its own: a service name from a pg_service.conf, then pg and pg_dump connect with it. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { skipUnless, useTestDatabase } from '@pum/test-postgres';
import { describe, expect, it } from 'vitest';
import { describeRun } from '../src/processes.js';
import { installAlone, serviceFile } from './install-alone.js';

// The example runs pg_dump with the child environment.
describe('@pum/connect', skipUnless('pg_dump'), () => {
  const db = useTestDatabase();

  it('installs alone and runs its README example', async () => {
    const project = await installAlone('@pum/connect');
    const run = await project.runExample(serviceFile(project, { qwat_prod: db.url }));
    expect(run.code, describeRun(run)).toBe(0);
    const { username, hostname, port } = new URL(db.url);
    const user = decodeURIComponent(username);
    expect(run.stdout).toContain(`connecting to postgresql://${user}@${hostname}:${port}/${db.name}\n`);
    expect(run.stdout).toContain(`current_user: '${user}'`);
    expect(run.stdout).toContain(`current_database: '${db.name}'`);
    // pg_dump reached the same database through the environment the example gave it.
    expect(readFileSync(join(project.dir, 'qwat.backup')).subarray(0, 5).toString()).toBe('PGDMP');
  });
});
