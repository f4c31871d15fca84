/** `pum baseline`: record that a database is already at a version. */
import { Command, Option } from 'commander';
import type { CommandContext } from '../context.js';
import { addDeltaOptions, type DeltaCommandOptions } from './delta-options.js';

/** The options of `pum baseline`. */
export interface BaselineCommandOptions extends DeltaCommandOptions {
  baseline?: string;
  newHistory?: boolean;
}

/** Define `pum baseline`. */
export function baselineCommand(ctx: CommandContext): Command {
  return addDeltaOptions(
    new Command('baseline')
      .summary('mark everything up to a version as applied')
      .description(
        'Record that the database already holds every delta up to and including a version; later upgrades start after it.',
      ),
  )
    .option('-b, --baseline <version>', 'the version the database is at')
    .option(
      '--new-history',
      'start a new history in the --table although other tables of the database hold one (otherwise refused, exit 2)',
    )
    .addOption(
      new Option(
        '--create-table',
        'accepted for PUM 1.x command lines: pum creates its history table when needed',
      ).hideHelp(),
    )
    .addOption(
      new Option(
        '--allow-multiple-modules',
        'accepted for PUM 1.x command lines: pum keeps modules apart by name already',
      ).hideHelp(),
    )
    .addHelpText(
      'after',
      `
Examples:
  pum baseline --db qgep_prod --table qgep_sys.pum_info --dir delta --baseline 1.0.0
  pum baseline -p qgep_prod -t qgep_sys.pum_info -d ./delta/ -b 1.0.0        (PUM 0.x)
  pum -p pg_tww -d datamodel baseline -b 2025.0.0 --create-table             (PUM 1.x)`,
    )
    .action(async (options: BaselineCommandOptions) => {
      const { runBaseline } = await import('../actions/baseline.js');
      ctx.setExitCode(await runBaseline(options, ctx));
    });
}
