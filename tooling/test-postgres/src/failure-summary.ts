/**
 * The end-of-run account of what failed: each failed test of one package's vitest run with the
 * first line of its error, so that the very end of a long CI log (all a CI tail may show) names
 * the failures, not only "7/8 packages passed".
 */

/** One failed test, or an error outside any test (a file that did not load, an unhandled error). */
export interface FailureEntry {
  /** Test file, relative to the package; empty for an unhandled error. */
  file: string;
  /** Full test name (`describe > test`); empty for an error outside any test. */
  name: string;
  /** The first line of the error, at most {@link MESSAGE_LENGTH} characters. */
  message: string;
}

/** The longest message kept: one line of a terminal, give or take. */
export const MESSAGE_LENGTH = 240;

/** A thrown value as vitest reports it (`SerializedError`, `TestError`). */
interface ReportedError {
  name?: unknown;
  message?: unknown;
}

/** `AssertionError: expected 1 to be 2`, on one line and cut to {@link MESSAGE_LENGTH}. */
export function errorLine(error: ReportedError | undefined): string {
  const name = typeof error?.name === 'string' && error.name !== 'Error' ? `${error.name}: ` : '';
  const message = typeof error?.message === 'string' ? error.message : 'failed without an error message';
  const line = `${name}${message}`.replace(/\s*\n[\s\S]*$/, '').trim();
  return line.length > MESSAGE_LENGTH ? `${line.slice(0, MESSAGE_LENGTH - 1)}…` : line;
}

/**
 * Lines naming `failures` of each package under `heading`, at most `limit` of them (the rest
 * counted); an empty array when nothing failed.
 *
 * @example
 * ```ts
 * formatFailures([{ package: '@pum/cli', failures: [{ file: 'test/a.int.test.ts', name: 'a > b', message: 'Error: boom' }] }], 'PostgreSQL 14');
 * // ['Failed: PostgreSQL 14, 1 test', '  @pum/cli test/a.int.test.ts > a > b', '    Error: boom']
 * ```
 */
export function formatFailures(
  reports: readonly { package: string; failures?: readonly FailureEntry[] | undefined }[],
  heading: string,
  limit = 20,
): string[] {
  const all = reports.flatMap((report) =>
    (report.failures ?? []).map((f) => ({ ...f, package: report.package })),
  );
  if (all.length === 0) return [];
  const lines = [`Failed: ${heading}, ${all.length} ${all.length === 1 ? 'test' : 'tests'}`];
  for (const failure of all.slice(0, limit)) {
    const where = [failure.file, failure.name].filter(Boolean).join(' > ') || 'outside any test';
    lines.push(`  ${failure.package} ${where}`, `    ${failure.message}`);
  }
  if (all.length > limit) lines.push(`  … and ${all.length - limit} more (see each package's output above)`);
  return lines;
}
