/**
 * The command line of a run as a person reads it in a report: `pum` and its arguments, each
 * password in a connection URL or conninfo masked, arguments that need it single-quoted.
 */
import { maskConnectionString } from '@pum/connect';

const PLAIN = /^[A-Za-z0-9_@%+=:,./-]+$/;

function masked(arg: string): string {
  // `--pg-connection=postgres://me:secret@db/x`: mask the value after the option's `=`.
  const option = /^(--?[A-Za-z][A-Za-z0-9_-]*=)(.*)$/s.exec(arg);
  return option ? `${option[1]}${maskConnectionString(option[2] ?? '')}` : maskConnectionString(arg);
}

function quoted(arg: string): string {
  return PLAIN.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`;
}

/**
 * `pum check 'postgres://me:****@db/qwat' ref.json --format html`, from the run's arguments.
 *
 * @example
 * ```ts
 * describeCommandLine(["check", "postgres://me:s3cret@db/a", "b.json"]); // "pum check 'postgres://me:****@db/a' b.json"
 * ```
 */
export function describeCommandLine(argv: readonly string[]): string {
  return ['pum', ...argv.map((arg) => quoted(masked(arg)))].join(' ');
}
