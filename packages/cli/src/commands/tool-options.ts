/** Options shared by `pum dump` and `pum restore`, in pum's long form and PUM's short one. */
import { PumError, PumErrorCode } from '@pum/core';
import { type Command, Option } from 'commander';

const collect = (value: string, previous: string[]) => [...previous, value];

/** The shared options, as commander parses them. */
export interface DumpCommandOptions {
  db?: string;
  /** PUM's `-p SERVICE` (0.x). */
  pgService?: string;
  excludeSchema: string[];
  jobs?: string;
  pgBin?: string;
  /** `false` with `--no-owner`. */
  owner: boolean;
  /** `false` with `--no-privileges`. */
  privileges: boolean;
  json?: boolean;
}

/** Add the shared options to `command`. */
export function addDumpOptions(command: Command): Command {
  return command
    .option(
      '--db <conn>',
      'the database: URL, conninfo or service name (default: -p, or the PG* environment)',
    )
    .addOption(new Option('-p, --pg-service <service>', 'PUM 0.x: the service').hideHelp())
    .option('-N, --exclude-schema <glob>', 'leave out a schema (repeatable, globs)', collect, [])
    .option('-j, --jobs <n>', 'parallel workers')
    .option(
      '--pg-bin <dir>',
      'the directory of pg_dump and pg_restore (default: PG_DUMP_EXE, PG_RESTORE_EXE, PATH, usual places)',
    )
    .option('--no-owner', 'leave ownership out: objects belong to the user who restores')
    .option('--no-privileges', 'leave grants out')
    .option('--json', 'print a JSON report');
}

/**
 * `--jobs` as a number.
 *
 * @throws {@link PumError} `PUM_INVALID_ARGUMENT` for anything but a whole number from 1.
 */
export function jobsOf(options: Pick<DumpCommandOptions, 'jobs'>): number | undefined {
  if (options.jobs === undefined) return undefined;
  const jobs = Number(options.jobs);
  if (!Number.isInteger(jobs) || jobs < 1) {
    throw new PumError(
      PumErrorCode.InvalidArgument,
      `--jobs ${options.jobs}: expected a whole number, 1 or more`,
    );
  }
  return jobs;
}
