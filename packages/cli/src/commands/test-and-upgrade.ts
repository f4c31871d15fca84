/** `pum test-and-upgrade`: rehearse an upgrade on a copy of production, compare, then upgrade production. */
import { Command, Option } from 'commander';
import type { CommandContext } from '../context.js';
import { type ApplicationOptions, addApplicationOptions } from './application-options.js';
import { addCompareOptions, type CompareOptions } from './compare-options.js';
import { addStrictOption, type StrictOption } from './strict-option.js';

const collect = (value: string, previous: string[]) => [...previous, value];

/** The options of `pum test-and-upgrade`, as commander parses them. */
export interface TestAndUpgradeOptions extends CompareOptions, ApplicationOptions, StrictOption {
  prod?: string;
  test?: string;
  compare?: string;
  pg_service_prod?: string;
  pg_service_test?: string;
  pg_service_comp?: string;
  table?: string;
  dir: string[];
  dumpFile?: string;
  ignoreRestoreErrors?: boolean;
  maxVersion?: string;
  skipBaselineCheck?: boolean;
  var?: string[];
  param: string[];
  singleTransaction?: boolean;
  lockTimeout: string;
  /** The Python of Python hooks and deltas (default: `PUM_PYTHON`, else python3 / python / py). */
  python?: string;
  pgBin?: string;
  yes?: boolean;
  keep?: boolean;
  newHistory?: boolean;
  json?: boolean;
  report?: string;
}

const HELP = `
Steps: copy production into the test database (CREATE DATABASE … TEMPLATE when nobody uses
production, else pg_dump | pg_restore) → upgrade the copy → compare it with the comparison
database (a connection, a snapshot file, or — for PUM 1.x modules — a fresh install built in a
scratch database) → show the differences → ask (or --yes) → upgrade production → drop the
databases pum created (unless --keep). If any step before the last fails, production is not
touched. One production database per run (pum upgrade --targets upgrades several, without a
rehearsal).

What pum may drop: only databases it made, which carry its mark (a database comment):
  - the databases of this run (dropped WITH (FORCE) at the end, unless --keep);
  - a test database you name with --test that an earlier run made (replaced by the new copy;
    kept afterwards): an existing database pum did not make is refused, and one with other
    sessions connected is an error naming them (nothing is terminated);
  - the copies of runs that were killed (no live run uses them): dropped, and said so.
A --test that is production or the --compare database, however it is addressed (socket or
TCP, another role), is refused before anything is dropped or made.

Examples:
  pum test-and-upgrade --prod qgep_prod --compare qgep_build --table qgep_sys.pum_info --dir delta --yes
  yes | pum test-and-upgrade -pp qgep_prod -pt qgep_pum_test -pc qgep_build -t qgep_sys.pum_info \\
        -f /tmp/dump -d ./delta/ -i constraints views --exclude-schema public -v int SRID 2056   (PUM 0.x)
  pum test-and-upgrade --prod postgresql://db/tww --dir datamodel --param SRID=2056 --yes

Exit code 0: production upgraded (or nothing to do); 1: production not upgraded (differences
found, or the upgrade declined); 2: bad input, connection problem, or no answer without a
terminal (pass --yes), nothing changed; 5: a delta failed (on the copy: production untouched);
6: locked; 8: failed after changing something (a named test database replaced, leftovers
dropped): the message lists it.`;

/** Define `pum test-and-upgrade`. */
export function testAndUpgradeCommand(ctx: CommandContext): Command {
  const command = addApplicationOptions(
    addCompareOptions(
      new Command('test-and-upgrade')
        .summary('rehearse an upgrade on a copy of production, compare, then upgrade production')
        .description(
          'Upgrade a copy of production first, compare the result with a reference, and only when they match (and you agree) upgrade production.',
        )
        .option('--prod <conn>', 'production: URL, conninfo or service name (PUM: -pp)')
        .option(
          '--test <conn>',
          'the test database, replaced by a copy of production (default: a temporary one)',
        )
        .option(
          '--compare <conn|file.json>',
          'the reference: a database or a snapshot (PUM: -pc; default for PUM 1.x modules: a fresh install)',
        )
        .addOption(new Option('--pg_service_prod <conn>').hideHelp())
        .addOption(new Option('--pg_service_test <conn>').hideHelp())
        .addOption(new Option('--pg_service_comp <conn>').hideHelp())
        .option('-t, --table <schema.table>', 'the history table (a PUM 0.x upgrades table is adopted)')
        .option(
          '-d, --dir <dirs...>',
          'the module or delta directories',
          (value: string, previous: string[]) => [...previous, value],
          [],
        )
        .option('-f, --dump-file <file>', 'copy production through this dump file (kept), as PUM did')
        .option(
          '-x, --ignore-restore-errors',
          'go on after pg_restore errors while copying (PUM compatibility)',
        ),
    ),
  )
    .option('-u, --max-version <version>', 'apply nothing above this version')
    .option(
      '--skip-baseline-check',
      'PUM 1.x modules, as for upgrade: skip versions at or below the installed one that were never recorded instead of refusing (exit 4)',
    )
    .addOption(new Option('-v, --var <values...>', 'PUM 0.x: TYPE NAME VALUE').hideHelp())
    .addOption(new Option('--verbose').hideHelp())
    .option('--param <name=value>', 'a parameter value (repeatable)', collect, [])
    .option('--single-transaction', 'run each upgrade in one transaction (default for PUM 1.x modules)')
    .option('--lock-timeout <seconds>', 'how long to wait for another run', '60')
    .option(
      '--python <path>',
      'the Python that runs Python hooks and deltas (default: PUM_PYTHON, else python3, python, py)',
    )
    .option('--pg-bin <dir>', 'the directory of pg_dump and pg_restore')
    .option('-y, --yes', 'upgrade production without asking when the copy matches the reference')
    .option('--keep', 'keep the databases pum created (test copy, fresh reference)')
    .option(
      '--new-history',
      'start a new history in the --table although other tables of production hold one (otherwise refused, exit 2)',
    )
    .option('--json', 'print a JSON report')
    .option(
      '--report <file>',
      'write the comparison of the upgraded copy with the reference to a file: .html, .json, else text',
    )
    .addHelpText('after', HELP);
  return addStrictOption(command).action(async (options: TestAndUpgradeOptions) => {
    const { runTestAndUpgrade } = await import('../actions/test-and-upgrade.js');
    ctx.setExitCode(await runTestAndUpgrade(options, ctx));
  });
}
