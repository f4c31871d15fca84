/** `pum install`: install a PUM 1.x module into a database. */
import { Command, Option } from 'commander';
import type { CommandContext } from '../context.js';
import { type ApplicationOptions, addApplicationOptions } from './application-options.js';
import { addDeltaOptions, type DeltaCommandOptions } from './delta-options.js';
import { addStrictOption, type StrictOption } from './strict-option.js';

const collect = (value: string, previous: string[]) => [...previous, value];

/** The options of `pum install`. */
export interface InstallCommandOptions extends DeltaCommandOptions, ApplicationOptions, StrictOption {
  maxVersion?: string;
  demoData?: string;
  skipRoles?: boolean;
  newHistory?: boolean;
  param: string[];
}

/** Define `pum install`. */
export function installCommand(ctx: CommandContext): Command {
  return addStrictOption(
    addApplicationOptions(
      addDeltaOptions(
        new Command('install')
          .summary('install a PUM 1.x module into a database')
          .description(
            'Create the roles, run the drop hooks, every changelog, the create hooks and the grants, and load a demo data set if asked — in one transaction.',
          ),
      ),
    ),
  )
    .option('-u, --max-version <version>', 'install nothing above this version')
    .option('--demo-data <name>', 'load this demo data set of the module (PUM 1.x: -d NAME after pum -d DIR)')
    .option('--skip-roles', 'do not create roles or grant them')
    .addOption(new Option('-r, --roles', 'early PUM 1.x: create the roles (pum: the default)').hideHelp())
    .addOption(new Option('-g, --grant', 'early PUM 1.x: grant the roles (pum: the default)').hideHelp())
    .option('--param <name=value>', 'a parameter value (repeatable; PUM 1.x: -p NAME VALUE)', collect, [])
    .option(
      '--new-history',
      'start a new history in the --table although other tables of the database hold one (otherwise refused, exit 2)',
    )
    .addHelpText(
      'after',
      `
Examples:
  pum install --db postgresql://localhost/tww --dir datamodel --param SRID=2056 --demo-data Aletsch
  pum -p pg_tww -d datamodel install -p SRID 2056 -p webgis false          (PUM 1.x)

Exit code 0: installed, or another run installed it while this one waited (it says so); a
.pum.yaml grant on a schema that does not exist (the application skipped) is skipped, as in
PUM 1.8, and listed as a warning — everything else is granted;
2: bad input, already installed, or history found in another table (see --new-history); with
--strict, a warning (nothing changed: the install rolled back);
5: a changelog or hook failed;
8: with --strict, a warning after a command or Python hook had committed (the message lists what).`,
    )
    .action(async (options: InstallCommandOptions) => {
      const { runInstall } = await import('../actions/install.js');
      ctx.setExitCode(await runInstall(options, ctx));
    });
}
