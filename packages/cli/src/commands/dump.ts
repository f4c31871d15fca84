/** `pum dump`: write a database to a file with pg_dump. */
import { Command, Option } from 'commander';
import type { CommandContext } from '../context.js';
import { addDumpOptions, type DumpCommandOptions } from './tool-options.js';

/** The options of `pum dump`. */
export interface DumpOptions extends DumpCommandOptions {
  format: 'custom' | 'plain' | 'directory';
}

/** Define `pum dump`. */
export function dumpCommand(ctx: CommandContext): Command {
  return addDumpOptions(
    new Command('dump')
      .summary('dump a database to a file')
      .description(
        'Dump a database with pg_dump, in the custom format by default — the one `pum restore` reads by default, so the defaults round-trip. The password reaches pg_dump through its environment, never its command line.',
      )
      .argument('<file>', 'the file to write (a directory for --format directory)'),
  )
    .addOption(
      new Option('-f, --format <format>', 'custom (default), plain SQL, or directory (with --jobs)')
        .choices(['custom', 'plain', 'directory'])
        .default('custom'),
    )
    .addHelpText(
      'after',
      `
Examples:
  pum dump --db postgresql://localhost/qwat qwat.backup -N public
  pum dump -p qwat_prod -N public qwat.backup                        (PUM 0.x)
  pum -p qwat_prod dump qwat.backup                                  (PUM 1.x)
Exit code 0: written; 2: bad input, connection refused, pg_dump missing, too old or failed.
A failed or interrupted dump never touches an existing FILE: pg_dump writes a hidden
temporary beside it, renamed into place only on success.`,
    )
    .action(async (file: string, options: DumpOptions) => {
      const { runDump } = await import('../actions/dump.js');
      ctx.setExitCode(await runDump(file, options, ctx));
    });
}
