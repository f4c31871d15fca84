/** `pum info` (alias `status`): the state of every delta file. */
import { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { addDeltaOptions, type DeltaCommandOptions } from './delta-options.js';

/** The options of `pum info`: those of `upgrade` that change which files are pending. */
export interface InfoOptions extends DeltaCommandOptions {
  maxVersion?: string;
  skipBaselineCheck?: boolean;
}

/** Define `pum info`. */
export function infoCommand(ctx: CommandContext): Command {
  return addDeltaOptions(
    new Command('info')
      .alias('status')
      .summary('show applied, pending and changed delta files')
      .description(
        'List every delta file with its state: applied, pending, changed, failed, skipped, unrecorded; works before the first upgrade. Given the same --max-version and --skip-baseline-check, the pending files are those `pum upgrade` runs.',
      ),
  )
    .option('-u, --max-version <version>', 'as for upgrade: files above this version are skipped')
    .option(
      '--skip-baseline-check',
      'as for upgrade: PUM 1.x versions at or below the installed one that were never recorded are skipped, not unrecorded',
    )
    .addHelpText(
      'after',
      `
Examples:
  pum info --db qwat --table qwat_sys.info --dir update/delta
  pum status -p qwat_prod -t qwat_sys.info -d update/delta --json

Exit code 0: up to date; 3: files pending; 4: applied files changed, failed or missing, or
(PUM 1.x module) versions at or below the installed one never recorded; 2: error.`,
    )
    .action(async (options: InfoOptions) => {
      const { runInfo } = await import('../actions/info.js');
      ctx.setExitCode(await runInfo(options, ctx));
    });
}
