/** `pum info` (alias `status`): the state of every delta file. */
import { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { addDeltaOptions, type DeltaCommandOptions } from './delta-options.js';

/** Define `pum info`. */
export function infoCommand(ctx: CommandContext): Command {
  return addDeltaOptions(
    new Command('info')
      .alias('status')
      .summary('show applied, pending and changed delta files')
      .description(
        'List every delta file with its state: applied, pending, changed, failed, skipped; works before the first upgrade.',
      ),
  )
    .addHelpText(
      'after',
      `
Examples:
  pum info --db qwat --table qwat_sys.info --dir update/delta
  pum status -p qwat_prod -t qwat_sys.info -d update/delta --json

Exit code 0: up to date; 3: files pending; 4: applied files changed, failed or missing; 2: error.`,
    )
    .action(async (options: DeltaCommandOptions) => {
      const { runInfo } = await import('../actions/info.js');
      ctx.setExitCode(await runInfo(options, ctx));
    });
}
