/**
 * The `pum` command tree. Commands declare their options here, cheaply; what they do is
 * imported only when they run, so `pum --version` and `pum --help` stay fast.
 */
import { Command, Option, type OutputConfiguration } from 'commander';
import { baselineCommand } from './commands/baseline.js';
import { checkCommand } from './commands/check.js';
import { demoCommand } from './commands/demo.js';
import { diffCommand } from './commands/diff.js';
import { dumpCommand } from './commands/dump.js';
import { infoCommand } from './commands/info.js';
import { installCommand } from './commands/install.js';
import { localCommand } from './commands/local.js';
import { repairCommand } from './commands/repair.js';
import { restoreCommand } from './commands/restore.js';
import { snapshotCommand } from './commands/snapshot.js';
import { testAndUpgradeCommand } from './commands/test-and-upgrade.js';
import { upgradeCommand } from './commands/upgrade.js';
import type { CommandContext } from './context.js';
import { formatHelp } from './help-format.js';
import { cliVersion } from './version.js';

const DESCRIPTION = `Manage the evolution of PostgreSQL and PostGIS databases.

Connections are a URL (postgresql://user@host/db), a libpq conninfo
("host=... dbname=..."), a service name from pg_service.conf, or the PG* environment.`;

const EXIT_CODES_HELP = `
Exit codes:
  0   success (check: no differences)
  1   differences found
  2   usage error, bad input or connection problem (nothing was changed)
  3   deltas pending (info)
  4   applied deltas changed or history inconsistent
  5   a delta failed (the database stays at the last completed delta)
  6   another run holds the lock
  7   diff: the plan does not reach the target (steps withheld, unplanned changes, or --verify failed)
  8   failed after changing a database (the message lists what was changed)
  70  internal error (a bug: please report it)
  130 interrupted`;

/**
 * Build the command tree for one run.
 *
 * @param ctx - where help and errors are written, and where commands report their exit code.
 */
export function buildProgram(ctx: CommandContext): Command {
  const { io } = ctx;
  const output: OutputConfiguration = {
    writeOut: (text) => io.stdout.write(text),
    writeErr: (text) => io.stderr.write(text),
    getOutHelpWidth: () => 100,
    getErrHelpWidth: () => 100,
  };
  // Subcommands of subcommands (`pum local up`) write and exit through the run too.
  const configure = (command: Command): Command => {
    command.configureOutput(output).exitOverride();
    for (const sub of command.commands) configure(sub);
    formatHelp(command);
    return command;
  };
  const program = new Command('pum')
    .description(DESCRIPTION)
    .version(cliVersion, '-V, --version', 'print the version of pum')
    .helpOption('-h, --help', 'show help')
    .helpCommand('help [command]', 'show help for a command')
    .showSuggestionAfterError(true)
    .showHelpAfterError('(run "pum --help" for usage)')
    .configureOutput(output)
    .exitOverride()
    .addHelpText('after', EXIT_CODES_HELP)
    // Options before the command are global (PUM 1.x: `pum -p CONN check …`); after it, the command's own.
    .enablePositionalOptions()
    .option('-p, --pg-connection <conn>', 'the database (PUM 1.x style): URL, conninfo or service name')
    .addOption(
      new Option(
        '-s, --pg-service <service>',
        'the service (early PUM 1.x: pum -s SERVICE install)',
      ).hideHelp(),
    )
    .option('-d, --dir <dir>', 'the module directory (PUM 1.x style)')
    .option(
      '-v, --verbose',
      "more output, repeatable: -v detail, -vv debug, -vvv with each line's fields (alone: the version, as PUM 0.x)",
      (_: string, previous: number) => previous + 1,
      0,
    )
    .option('-q, --quiet', 'print errors only');
  for (const define of [
    checkCommand,
    diffCommand,
    snapshotCommand,
    dumpCommand,
    restoreCommand,
    upgradeCommand,
    installCommand,
    infoCommand,
    baselineCommand,
    repairCommand,
    testAndUpgradeCommand,
    localCommand,
    demoCommand,
  ]) {
    program.addCommand(configure(define(ctx)));
  }
  return program;
}
