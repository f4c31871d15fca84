/**
 * The end-of-run account of what did not run: the skipped tests and checks of one package's
 * vitest run (`SkipReport`, written by the reporter), and the words for them.
 */

import type { FailureEntry } from './failure-summary.js';
import type { Requirement } from './skips.js';

/** One test, or one check inside a test, that did not run. */
export interface SkipEntry {
  kind: 'test' | 'check';
  /** Test file, relative to the package. */
  file: string;
  /** Full test name (`describe > test`); for a check, `test: check`. */
  name: string;
  reason: string;
  requirement?: Requirement | undefined;
}

/** What one vitest run (one package) skipped. */
export interface SkipReport {
  /** The package's name, e.g. `@pum/dump`. */
  package: string;
  entries: SkipEntry[];
  /** Tests left out by a name filter (`-t`): not skips, only counted. */
  filtered: number;
  /** The run's failed tests, for the closing lines of `pnpm test` and the matrix. */
  failures?: FailureEntry[] | undefined;
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/**
 * `3 tests and 1 check` — how many tests and checks `entries` holds.
 *
 * @example
 * ```ts
 * countSkips([]); // 'nothing'
 * ```
 */
export function countSkips(entries: readonly SkipEntry[]): string {
  const tests = entries.filter((entry) => entry.kind === 'test').length;
  const checks = entries.length - tests;
  const parts = [tests ? plural(tests, 'test') : '', checks ? plural(checks, 'check') : ''].filter(Boolean);
  return parts.length ? parts.join(' and ') : 'nothing';
}

/**
 * The banner of one package: a line saying nothing was skipped, or a loud heading and one
 * line per skipped test or check with its reason.
 *
 * @example
 * ```ts
 * formatSkipReport({ package: '@pum/dump', entries: [], filtered: 0 });
 * // '[test-postgres] @pum/dump: no test or check skipped'
 * ```
 */
export function formatSkipReport(report: SkipReport): string {
  const filtered = report.filtered ? ` (${plural(report.filtered, 'test')} left out by a name filter)` : '';
  if (report.entries.length === 0) {
    return `[test-postgres] ${report.package}: no test or check skipped${filtered}`;
  }
  const entries = [...report.entries].sort(
    (a, b) => a.file.localeCompare(b.file) || a.name.localeCompare(b.name),
  );
  return [
    `!!! ${report.package}: ${countSkips(entries)} SKIPPED${filtered}`,
    ...entries.map(
      (entry) =>
        `!!!   ${entry.kind === 'check' ? '(check) ' : ''}${entry.file} > ${entry.name}: ${entry.reason}`,
    ),
  ].join('\n');
}

/**
 * The closing total over several packages (a `pnpm test` run, one major of the matrix): each
 * package's banner, then one line with the total and, when something was skipped, which
 * requirements were missing and how to make their absence an error.
 */
export function formatSkipTotal(reports: readonly SkipReport[], heading = 'all packages'): string {
  const sorted = [...reports].sort((a, b) => a.package.localeCompare(b.package));
  const entries = sorted.flatMap((report) => report.entries);
  const lines = sorted.filter((report) => report.entries.length > 0).map(formatSkipReport);
  if (entries.length === 0) {
    lines.push(`[test-postgres] ${heading}: no test or check skipped (${plural(reports.length, 'package')})`);
    return lines.join('\n');
  }
  const byRequirement = new Map<string, number>([
    ['pg_dump', 0],
    ['postgis', 0],
    ['other reasons', 0],
  ]);
  for (const entry of entries) {
    const key = entry.requirement ?? 'other reasons';
    byRequirement.set(key, (byRequirement.get(key) ?? 0) + 1);
  }
  const why = [...byRequirement]
    .filter(([, count]) => count > 0)
    .map(([key, count]) => `${key}: ${count}`)
    .join(', ');
  lines.push(
    `!!! ${heading}: ${countSkips(entries)} SKIPPED in total (${why}), over ${plural(reports.length, 'package')}`,
  );
  if (byRequirement.get('pg_dump') || byRequirement.get('postgis')) {
    lines.push(
      '!!! Install the client programs / PostGIS (see tooling/test-postgres/README.md); ' +
        'PUM_TEST_REQUIRE_CLIENTS=1 and PUM_TEST_REQUIRE_POSTGIS=1 make these skips errors.',
    );
  }
  return lines.join('\n');
}
