/**
 * Tests run what was just built: in the repository's turbo pipeline, every package's `test`
 * task depends on the package's own `build` (its `dist/` and `bin/`) and on its dependencies'
 * builds. Read from `turbo run test --dry=json`, i.e. from turbo's own view of turbo.json and
 * the packages' turbo.json overrides.
 */
import { execFile } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const run = promisify(execFile);
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

interface DryTask {
  taskId: string;
  task: string;
  package: string;
  command: string;
  dependencies: string[];
}

it("every package's test task depends on its own build and its dependencies' builds", async () => {
  const { stdout } = await run(join(repoRoot, 'node_modules/.bin/turbo'), ['run', 'test', '--dry=json'], {
    cwd: repoRoot,
    maxBuffer: 64 * 1024 * 1024,
  });
  const tasks = (JSON.parse(stdout) as { tasks: DryTask[] }).tasks;
  const byId = new Map(tasks.map((task) => [task.taskId, task]));
  const tests = tasks.filter((task) => task.task === 'test');
  expect(tests.map((task) => task.package)).toEqual(
    expect.arrayContaining(['@pum/cli', '@pum/dump', '@pum/server', '@pum/pack-test']),
  );
  for (const test of tests) {
    expect(test.dependencies, test.taskId).toContain(`${test.package}#build`);
    // The dependencies' builds come along (^build): e.g. the CLI's tests run the built library.
    const build = byId.get(`${test.package}#build`);
    for (const dependency of build?.dependencies ?? []) {
      expect(test.dependencies, test.taskId).toContain(dependency);
    }
  }
  expect(byId.get('@pum/cli#test')?.dependencies).toEqual(
    expect.arrayContaining(['@pum/cli#build', '@pum/core#build', '@pum/deltas#build']),
  );
});
