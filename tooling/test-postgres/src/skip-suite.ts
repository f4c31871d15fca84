/**
 * Skip the current test file or `describe` block — its tests AND its hooks — from inside a
 * helper. vitest's public ways need the caller's cooperation: `describe.skipIf` wraps the
 * block, and `ctx.skip()` in `beforeEach` still lets the block's `beforeAll` hooks run (which
 * then fail on the missing capability). So this registers an `aroundAll` that, before the
 * block starts, marks its tests skipped and empties its once-per-block hooks.
 */

import { aroundAll, type RunnerTask, type RunnerTestSuite, TestRunner } from 'vitest';
import type { SkipNote } from './skips.js';

type SuiteHooks = ReturnType<typeof TestRunner.getSuiteHooks>;

function emptyHooks(hooks: SuiteHooks, names: readonly ('beforeAll' | 'afterAll' | 'aroundAll')[]): void {
  // In place: the runner reads these arrays when the block starts, which is after this.
  for (const name of names) hooks[name].length = 0;
}

function skipTasks(tasks: readonly RunnerTask[], note: SkipNote | undefined): void {
  for (const task of tasks) {
    if (task.type === 'suite') {
      // Nested blocks still "run" so that each test is reported as skipped, but do nothing.
      emptyHooks(TestRunner.getSuiteHooks(task), ['beforeAll', 'afterAll', 'aroundAll']);
      skipTasks(task.tasks, note);
    } else {
      task.mode = 'skip';
      task.result = { ...task.result, state: 'skip' };
      // The reporter names the skip and its reason from here.
      if (note) task.meta.pumSkip = note;
    }
  }
}

/**
 * Skip every test of the calling block, each one carrying `note` (why) for the end-of-run
 * report.
 */
export function skipCurrentSuite(note?: SkipNote): void {
  // biome-ignore lint/correctness/noEmptyPattern: vitest requires a hook's fixture context to be destructured
  aroundAll(async (runSuite, {}, suite) => {
    skipTasks(suite.tasks, note);
    emptyHooks(TestRunner.getSuiteHooks(suite as RunnerTestSuite), ['beforeAll', 'afterAll']);
    await runSuite();
  });
}
