/** `pum repair`: accept edits to applied delta files. */
import { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { addDeltaOptions, type DeltaCommandOptions } from './delta-options.js';

/** Define `pum repair`. */
export function repairCommand(ctx: CommandContext): Command {
  return addDeltaOptions(
    new Command('repair')
      .summary('accept edits to applied delta files')
      .description(
        'Record the current checksum of applied files that were edited since, with an audit row each. Runs no SQL of the files.',
      ),
  )
    .addHelpText('after', '\nExample:\n  pum repair --db qwat --table qwat_sys.info --dir update/delta')
    .action(async (options: DeltaCommandOptions) => {
      const { runRepair } = await import('../actions/repair.js');
      ctx.setExitCode(await runRepair(options, ctx));
    });
}
