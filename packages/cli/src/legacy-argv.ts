/**
 * PUM 0.x spelled some options as a single dash and several letters (`-p1`, `-pp`, `-vv`),
 * which no conventional parser accepts. They are rewritten to their long forms before
 * parsing, so the command lines in PUM users' CI scripts run unchanged.
 */

const LEGACY_FLAGS: Readonly<Record<string, string>> = {
  '-p1': '--pg_service1',
  '-p2': '--pg_service2',
  '-pp': '--pg_service_prod',
  '-pt': '--pg_service_test',
  '-pc': '--pg_service_comp',
  '-vv': '--verbose',
};

/**
 * Rewrite PUM 0.x multi-letter short options to their long forms; everything after `--` is
 * left alone.
 *
 * @example
 * ```ts
 * normaliseLegacyArgv(['check', '-p1', 'a', '-p2', 'b']); // ['check', '--pg_service1', 'a', '--pg_service2', 'b']
 * ```
 */
export function normaliseLegacyArgv(argv: readonly string[]): string[] {
  const end = argv.indexOf('--');
  return argv.map((arg, i) => (end !== -1 && i > end ? arg : (LEGACY_FLAGS[arg] ?? arg)));
}
