/** @pum/core on its own: no database, no other pum package. */
import { expect, it } from 'vitest';
import { describeRun } from '../src/processes.js';
import { installAlone } from './install-alone.js';

it('@pum/core installs alone and runs its README example', async () => {
  const project = await installAlone('@pum/core');
  const run = await project.runExample();
  expect(run.code, describeRun(run)).toBe(0);
  expect(run.stdout).toBe(
    `[ '1.0', '1.9.0', '1.10.0' ]\ninsert into "qwat_sys"."info" (version) values ('1.10.0')\n`,
  );
  expect(run.stderr).toBe('PUM_INVALID_VERSION "latest" is not a version\n');
});
