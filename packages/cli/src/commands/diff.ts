/** `pum diff`: plan the SQL that turns one schema into another. Options only; the work is in ../actions/diff.ts. */
import { Command } from 'commander';
import type { CommandContext } from '../context.js';

const collect = (value: string, previous: string[]) => [...previous, value];

/** The options of `pum diff`, as commander parses them. */
export interface DiffCommandOptions {
  sql?: boolean;
  json?: boolean;
  output?: string;
  allowDestructive?: boolean;
  online?: boolean;
  includeSchema: string[];
  excludeSchema: string[];
  ignoreOwners?: boolean;
  ignorePrivileges?: boolean;
  ignoreComments?: boolean;
  dir?: string;
  version?: string;
  name?: string;
  verify?: boolean;
  scratch?: string;
}

const EXAMPLES = `
Examples:
  pum diff postgresql://localhost/qwat_prod postgresql://localhost/qwat_dev --sql
  pum diff prod.json qwat_dev --dir ./datamodel --version 1.4.0 --name roads
  pum diff qwat_prod qwat_dev --online --allow-destructive --verify

FROM and TO are connections (URL, conninfo or service name) or snapshot files (*.json).
With --dir, the delta is written in the module's layout: changelogs/<version>/<name>.sql for a
PUM 1.x module (.pum.yaml), delta_<version>_<name>.sql otherwise; steps that cannot run in a
transaction go to a second file marked "-- pum:no-transaction".
Exit code 0: no differences; 1: a complete plan; 7: the plan does not reach TO (steps withheld,
changes pum cannot plan, or --verify found a difference); 2: usage or connection error.`;

/** Define `pum diff`. */
export function diffCommand(ctx: CommandContext): Command {
  return new Command('diff')
    .summary('write the SQL that turns one schema into another')
    .description(
      'Plan the migration from FROM to TO: dependency-ordered SQL, destructive steps withheld unless allowed, optionally written as a delta file and proven on a scratch database.',
    )
    .argument('[sides...]', 'FROM and TO: connections or snapshot files (*.json)')
    .option('--sql', 'print the plan as SQL (the default output)')
    .option('--json', 'print the plan as JSON')
    .option('-o, --output <file>', 'write the SQL (or JSON) to a file')
    .option(
      '--allow-destructive',
      'include drops of tables, columns, types and extensions, and lossy type changes',
    )
    .option(
      '--online',
      'CREATE INDEX CONCURRENTLY (in a separate file) and constraints added NOT VALID, then validated',
    )
    .option('--include-schema <glob>', 'plan only these schemas (repeatable, globs)', collect, [])
    .option('-N, --exclude-schema <glob>', 'leave out a schema (repeatable, globs)', collect, [])
    .option('--ignore-owners', 'leave owners as they are')
    .option('--ignore-privileges', 'leave privileges as they are')
    .option('--ignore-comments', 'leave comments as they are')
    .option('--dir <module>', 'write the delta into this module directory (default: -d)')
    .option('--version <version>', 'the version of the delta written with --dir')
    .option('--name <name>', 'the name of the delta written with --dir')
    .option(
      '--verify',
      "prove the plan: build FROM's schema in a scratch database, apply the plan, re-compare with TO",
    )
    .option(
      '--scratch <url>',
      'server for --verify (a database is created and dropped there); default: a throwaway server',
    )
    .addHelpText('after', EXAMPLES)
    .action(async (sides: string[], options: DiffCommandOptions) => {
      const { runDiff } = await import('../actions/diff.js');
      ctx.setExitCode(await runDiff(sides, options, ctx));
    });
}
