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
    .option(
      '--single-transaction',
      'restore everything in one transaction: all or nothing (the default, except with --jobs or -x)',
    )
    .option(
      '--no-single-transaction',
      'restore entry by entry: a failure leaves what was restored before it (exit 8 lists it)',
    )
    .addHelpText(
      'after',
      `
Examples:
  pum restore --db postgresql://localhost/qwat_test qwat.backup --jobs 4
  pum restore -p qgep_prod -x --exclude-schema public --exclude-schema topology -- dump   (PUM 0.x)
Exit code 0: restored; 2: nothing was changed (bad or empty file, connection refused,
pg_restore missing, or it failed in one transaction and was rolled back); 8: it failed after
changing the database (--jobs, -x or --no-single-transaction): what it changed is listed.`,
    )
    .action(async (file: string, options: RestoreOptions) => {
      const { runRestore } = await import('../actions/restore.js');
      ctx.setExitCode(await runRestore(file, options, ctx));
    });
}
