/**
 * vitest reporter `@pum/test-postgres/reporter`: at the end of a run, name every skipped test
 * and every check a test noted as not made (`skipCheck()`), each with its reason (and keep the
 * failed tests for the run's closing lines, see `failure-summary.ts`), in a
 * banner on stderr — and, when `PUM_TEST_RUN_DIR` is set (by `pnpm test`, the matrix), write
 * the same as JSON there for the total over all packages. It runs beside vitest's own
 * reporters (`reporters: ['default', '@pum/test-postgres/reporter']`, as `pumVitest()` does).
 *
 * A skip with no reason at all (a bare `it.skip` / `skipIf`) is still listed, as such.
 */

import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Reporter, TestModule, Vitest } from 'vitest/node';
import { errorLine, type FailureEntry } from './failure-summary.js';
import { formatSkipReport, type SkipEntry, type SkipReport } from './skip-summary.js';

function packageName(root: string): string {
  try {
    const name = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { name?: unknown })
      .name;
    if (typeof name === 'string') return name;
  } catch {
    // No package.json: the directory names the run.
  }
  return path.basename(root);
}

/**
 * The skips of finished test modules.
 *
 * @param namePattern the run's `-t` filter: skipped tests it does not match are counted as
 *   filtered, not listed.
 */
export function collectSkips(
  modules: readonly TestModule[],
  root: string,
  namePattern?: RegExp | undefined,
): Omit<SkipReport, 'package'> {
  const entries: SkipEntry[] = [];
  let filtered = 0;
  for (const module of modules) {
    const file = path.relative(root, module.moduleId);
    for (const test of module.children.allTests()) {
      const meta = test.meta();
      for (const check of meta.pumSkippedChecks ?? []) {
        entries.push({
          kind: 'check',
          file,
          name: `${test.fullName}: ${check.check}`,
          reason: check.reason,
          requirement: check.requirement,
        });
      }
      const result = test.result();
      if (result.state !== 'skipped') continue;
      const note = meta.pumSkip;
      if (!note && !result.note && namePattern && !namePattern.test(test.fullName)) {
        filtered++;
        continue;
      }
      const bare = test.options.mode === 'todo' ? 'todo' : 'skipped without a reason (it.skip / skipIf)';
      entries.push({
        kind: 'test',
        file,
        name: test.fullName,
        reason: note?.reason ?? result.note ?? bare,
        requirement: note?.requirement,
      });
    }
  }
  return { entries, filtered };
}

/** The failed tests of finished test modules, the errors of files that did not load, and `unhandled`. */
export function collectFailures(
  modules: readonly TestModule[],
  root: string,
  unhandled: readonly { name?: unknown; message?: unknown }[] = [],
): FailureEntry[] {
  const failures: FailureEntry[] = [];
  for (const module of modules) {
    const file = path.relative(root, module.moduleId);
    for (const error of module.errors()) failures.push({ file, name: '', message: errorLine(error) });
    for (const test of module.children.allTests()) {
      const result = test.result();
      if (result.state === 'failed')
        failures.push({ file, name: test.fullName, message: errorLine(result.errors[0]) });
    }
  }
  for (const error of unhandled) failures.push({ file: '', name: '', message: errorLine(error) });
  return failures;
}

/** See the file's header. */
// biome-ignore lint/style/noDefaultExport: vitest loads a reporter given by path through its default export
export default class SkipReporter implements Reporter {
  private vitest: Vitest | undefined;

  onInit(vitest: Vitest): void {
    this.vitest = vitest;
  }

  onTestRunEnd(
    modules: readonly TestModule[],
    unhandled: readonly { name?: unknown; message?: unknown }[] = [],
  ): void {
    const root = this.vitest?.config.root ?? process.cwd();
    const report: SkipReport = {
      package: packageName(root),
      ...collectSkips(modules, root, this.vitest?.config.testNamePattern),
      failures: collectFailures(modules, root, unhandled),
    };
    process.stderr.write(`${formatSkipReport(report)}\n`);
    const runDir = process.env.PUM_TEST_RUN_DIR;
    if (runDir) {
      mkdirSync(runDir, { recursive: true });
      const stem = report.package.replace(/[^a-z0-9]+/gi, '_');
      writeFileSync(
        path.join(runDir, `${stem}-${process.pid}-${randomBytes(3).toString('hex')}.skips.json`),
        `${JSON.stringify(report)}\n`,
      );
    }
  }
}
