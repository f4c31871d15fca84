/** The options of `pum upgrade` for several databases: `--targets`, `--jobs`, `--log-dir`, `--fail-fast`. */
import type { Command } from 'commander';

/** The options, as commander parses them. */
export interface UpgradeManyOptions {
  /** A file naming the databases, one a line. */
  targets?: string;
  /** How many databases are upgraded at once. */
  jobs?: string;
  /** A directory for one log file per database, instead of prefixed lines. */
  logDir?: string;
  /** After a failure, start no other database. */
  failFast?: boolean;
}

/** The default of `--jobs`: a few at once, so that one server is not flooded. */
export const DEFAULT_UPGRADE_JOBS = 4;

/** Add the options to `command`. */
export function addUpgradeManyOptions(command: Command): Command {
  return command
    .option(
      '--targets <file>',
      'upgrade the databases the file names: one URL, conninfo or service name per line (# comments, blank lines skipped)',
    )
    .option(
      '-j, --jobs <n>',
      `with several databases: how many are upgraded at once (default ${DEFAULT_UPGRADE_JOBS})`,
    )
    .option(
      '--log-dir <dir>',
      "with several databases: write each database's output to <dir>/<database>.log instead of prefixed lines",
    )
    .option('--fail-fast', 'with several databases: after a failure, start no other (those running finish)');
}
