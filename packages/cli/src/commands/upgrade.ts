/** `pum upgrade`: apply pending delta files. */
import { Command, Option } from 'commander';
import type { CommandContext } from '../context.js';
import { type ApplicationOptions, addApplicationOptions } from './application-options.js';
import { addDeltaOptions, type DeltaCommandOptions } from './delta-options.js';
import { addInterruptedOptions, type InterruptedOptions } from './interrupted-options.js';
import { addStrictOption, type StrictOption } from './strict-option.js';
import { addUpgradeManyOptions, type UpgradeManyOptions } from './upgrade-many-options.js';

const collect = (value: string, previous: string[]) => [...previous, value];

/** The options of `pum upgrade`. */
export interface UpgradeOptions
  extends DeltaCommandOptions,
    ApplicationOptions,
    InterruptedOptions,
    StrictOption {
  force?: boolean;
  skipBaselineCheck?: boolean;
  maxVersion?: string;
  singleTransaction?: boolean;
  acceptChanged?: boolean;
  newHistory?: boolean;
  dryRun?: boolean;
  param: string[];
  var?: string[];
}

/** The command line of `pum upgrade`: `--db` may be repeated (several databases). */
export type UpgradeCommandLine = Omit<UpgradeOptions, 'db'> & UpgradeManyOptions & { db?: string[] };

/** Define `pum upgrade`. */
export function upgradeCommand(ctx: CommandContext): Command {
  return addUpgradeManyOptions(
    addStrictOption(
      addInterruptedOptions(
        addApplicationOptions(
          addDeltaOptions(
            new Command('upgrade')
              .summary('apply pending delta files')
              .description(
                'Apply the delta files not yet applied, in version order, under a lock, recording each in the history table.',
              ),
            { severalDatabases: true },
          ),
        ),
      ),
    ),
  )
    .option('--force', 'upgrade a database installed or upgraded as beta testing')
    .option(
      '--skip-baseline-check',
      'PUM 1.x modules: skip versions at or below the installed one that were never recorded (a restored, baselined database) instead of refusing (exit 4)',
    )
    .option('-u, --max-version <version>', 'apply nothing above this version')
    .option('--single-transaction', 'run the whole upgrade in one transaction: all or nothing')
    .option('--accept-changed', 'run although applied files were edited (records their new checksums)')
    .option(
      '--new-history',
      'start a new history in the --table although other tables of the database hold one (otherwise refused, exit 2)',
    )
    .option('--dry-run', 'print the plan and the SQL that would run, change nothing')
    .option(
      '--param <name=value>',
      'a parameter value (repeatable; PUM 1.x: -p NAME VALUE after a global -p)',
      collect,
      [],
    )
    .addOption(new Option('-v, --var <values...>', 'PUM 0.x: TYPE NAME VALUE').hideHelp())
    .addOption(new Option('--verbose').hideHelp())
    .addHelpText(
      'after',
      `
Examples:
  pum upgrade --db postgresql://localhost/qwat --table qwat_sys.info --dir update/delta
  pum upgrade -p qwat_test -t qwat_sys.info -d update/delta          (PUM 0.x)
  pum upgrade --db qwat --dir delta --dry-run
  pum upgrade --targets utilities.txt --dir delta --jobs 4 --log-dir logs

Exit code 0: upgraded (or nothing to do, also when another run did it while this one waited);
2: bad input, or no history in --table while another table holds one (nothing changed; see
--new-history); 4: applied files were edited, or (PUM 1.x module) versions at or below the
installed one were never recorded (see --skip-baseline-check); 5: an SQL statement or a command hook failed (the
database stays at the last completed file; the message lists what committed); 6: locked.
Warnings (a .pum.yaml grant on a schema that does not exist is skipped, as in PUM 1.8; a file
added to a PUM 1.x version applied without it is skipped, as in PUM 1.x) are listed after the
summary; with --strict they are errors, as are files of a delta directory skipped because they
cannot be deltas: exit 2, nothing changed (the run's transaction rolled back), or 8 when files
had committed before (listed).
A run killed while a statement of a pum:no-transaction file ran leaves it without outcome: the
next upgrade stops with exit 4 naming it; check the database and upgrade again with
--assume-done (it committed) or --retry-statement (it did not).
Several databases (--db repeated, --targets FILE): each is upgraded as it would be alone, --jobs
at a time; a failure stops none that run, and pending ones still start unless --fail-fast. Lines
are prefixed [database] (or go to --log-dir), then one summary table; pum never asks for a
password then. Refused with exit 2 before anything runs: a bad line (FILE:LINE), one database
named twice. The exit code is the worst of theirs: 0 < 6 < 2 < 4 < 5 < 8 < 130 < 70; 6, 2
or 4 become 8 when another database was upgraded.`,
    )
    .action(async ({ db = [], ...options }: UpgradeCommandLine) => {
      if (db.length > 1 || options.targets !== undefined) {
        const { runUpgradeMany } = await import('../upgrade-many/run-upgrade-many.js');
        ctx.setExitCode(await runUpgradeMany(options, db, ctx));
        return;
      }
      const { runUpgrade } = await import('../actions/upgrade.js');
      ctx.setExitCode(await runUpgrade(db[0] === undefined ? options : { ...options, db: db[0] }, ctx));
    });
}
