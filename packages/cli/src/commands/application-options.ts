/**
 * PUM 1.x's options for the parts of a module a run includes (`install`, `upgrade`): the
 * application hooks, roles and grants, beta testing — and the flags pum accepts only so that
 * PUM 1.x command lines run unchanged.
 */
import { type Command, Option } from 'commander';

/** The application options, as commander parses them. */
export interface ApplicationOptions {
  skipDropApp?: boolean;
  skipCreateApp?: boolean;
  skipGrant?: boolean;
  betaTesting?: boolean;
  /** Accepted for PUM 1.x command lines; pum has nothing it would change. */
  allowMultipleModules?: boolean;
}

/** Add the application options to `command`. */
export function addApplicationOptions(command: Command): Command {
  return command
    .option('--skip-drop-app', 'PUM 1.x modules: do not run the application drop hooks')
    .option('--skip-create-app', 'PUM 1.x modules: do not run the application create hooks')
    .option('--skip-grant', 'PUM 1.x modules: do not grant the declared roles their permissions')
    .option(
      '--beta-testing',
      'record the run as beta testing: the database then takes no upgrade without --force',
    )
    .addOption(
      new Option(
        '--allow-multiple-modules',
        'accepted for PUM 1.x command lines: pum keeps modules apart by name already',
      ).hideHelp(),
    );
}

/** The options given that only PUM 1.x modules understand, by flag. */
export function pum1OnlyFlags(options: ApplicationOptions): string[] {
  return [
    options.skipDropApp ? '--skip-drop-app' : undefined,
    options.skipCreateApp ? '--skip-create-app' : undefined,
    options.skipGrant ? '--skip-grant' : undefined,
  ].filter((flag): flag is string => flag !== undefined);
}
