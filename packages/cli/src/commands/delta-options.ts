/**
 * Options shared by the delta commands (`upgrade`, `info`, `baseline`), in pum's long form and
 * in PUM's: 0.x `-p SERVICE -t TABLE -d DIR…`, and 1.x `pum -p CONN upgrade -p NAME VALUE`
 * where `-p` after the command is a parameter.
 */
import { type Command, Option } from 'commander';

const collect = (value: string, previous: string[]) => [...previous, value];

/** The options of a delta command, as commander parses them. */
export interface DeltaCommandOptions {
  db?: string;
  /** PUM's `-p`: a service (0.x) or NAME VALUE pairs (1.x, after a global `-p`). */
  pgService?: string[];
  table?: string;
  dir: string[];
  ignore: string[];
  lockTimeout: string;
  json?: boolean;
  /** The Python of Python hooks and deltas (default: `PUM_PYTHON`, else python3 / python / py). */
  python?: string;
}

/**
 * Add the shared options to `command`; with `severalDatabases` (`pum upgrade`), `--db` may be
 * repeated and collects its values in a list.
 */
export function addDeltaOptions(command: Command, { severalDatabases = false } = {}): Command {
  const db = 'the database: URL, conninfo or service name (default: -p, or the PG* environment)';
  return (
    severalDatabases
      ? command.option(
          '--db <conn>',
          `${db}; repeat it to upgrade several (see --targets, --jobs)`,
          (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
        )
      : command.option('--db <conn>', db)
  )
    .addOption(
      new Option(
        '-p, --pg-service <values...>',
        'PUM: the service (0.x), or NAME VALUE parameters after a global -p (1.x)',
      ).hideHelp(),
    )
    .option(
      '-t, --table <schema.table>',
      'the history table; a PUM 0.x upgrades table (e.g. qwat_sys.info) is adopted (default public.pum_history)',
    )
    .option(
      '-d, --dir <dirs...>',
      'the module directory (with .pum.yaml), or PUM 0.x delta directories (repeatable)',
      (value: string, previous: string[]) => [...previous, value],
      [],
    )
    .option('--ignore <glob>', 'skip files matching this glob on purpose (repeatable)', collect, [])
    .option('--lock-timeout <seconds>', 'how long to wait for another run', '60')
    .option(
      '--python <path>',
      'the Python that runs Python hooks and deltas, with psycopg (default: PUM_PYTHON, else python3, python, py on PATH)',
    )
    .option('--json', 'print a JSON report');
}
