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
 * Rewrite PUM 0.x multi-letter short options to their long forms, after the command only:
 * before it, `-vv` is PUM 1.x's verbosity 2 (`pum -vv -p CONN install`). Everything after `--`
 * is left alone. Without `commands`, every argument counts as after the command.
 *
 * @example
 * ```ts
 * normaliseLegacyArgv(['check', '-p1', 'a', '-p2', 'b']); // ['check', '--pg_service1', 'a', '--pg_service2', 'b']
 * ```
 */
export function normaliseLegacyArgv(argv: readonly string[], commands?: ReadonlySet<string>): string[] {
  const end = argv.indexOf('--');
  const command = commands === undefined ? -1 : argv.findIndex((arg) => commands.has(arg));
  if (commands !== undefined && command === -1) return [...argv];
  return argv.map((arg, i) => ((end !== -1 && i > end) || i < command ? arg : (LEGACY_FLAGS[arg] ?? arg)));
}

/**
 * Whether the command line only asks for the version: `pum -v` is PUM 0.x's `--version` (its
 * users' scripts check `$(pum -v)`); with a command, `-v` is verbosity (PUM 1.x).
 */
export function asksForVersion(argv: readonly string[]): boolean {
  return argv.length === 1 && (argv[0] === '-v' || argv[0] === '--version' || argv[0] === '-V');
}
