/** `pum restore`: restore a dump file into a database with pg_restore. */
import { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { addDumpOptions, type DumpCommandOptions } from './tool-options.js';

/** The options of `pum restore`. */
export interface RestoreOptions extends DumpCommandOptions {
  ignoreErrors?: boolean;
  singleTransaction?: boolean;
}

/** Define `pum restore`. */
export function restoreCommand(ctx: CommandContext): Command {
  return addDumpOptions(
    new Command('restore')
      .summary('restore a dump file into a database')
      .description(
        'Restore a dump (custom, directory, tar or plain SQL, detected) into an existing database. Excluded schemas are left out exactly as `pum dump -N` leaves them out, and a dump of a database with PostGIS in public restores into a database that already has PostGIS.',
      )
      .argument('<file>', 'the dump file (or directory)'),
  )
    .option('-x, --ignore-errors', 'go on after errors and list them (PUM compatibility; not recommended)')
    .option('--single-transaction', 'restore everything in one transaction: all or nothing')
    .addHelpText(
      'after',
      `
Examples:
  pum restore --db postgres://localhost/qwat_test qwat.backup --jobs 4
  pum restore -p qgep_prod -x --exclude-schema public --exclude-schema topology -- dump   (PUM 0.x)
Exit code 0: restored; 2: bad input, connection refused, pg_restore missing or failed.`,
    )
    .action(async (file: string, options: RestoreOptions) => {
      const { runRestore } = await import('../actions/restore.js');
      ctx.setExitCode(await runRestore(file, options, ctx));
    });
}
