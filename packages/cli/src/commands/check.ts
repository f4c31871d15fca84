/** `pum check`: compare two databases or snapshots. Options only; the work is in ../actions/check.ts. */
import { Command, Option } from 'commander';
import type { CommandContext } from '../context.js';
import { addCompareOptions, type CompareOptions } from './compare-options.js';

const collect = (value: string, previous: string[]) => [...previous, value];

/**
 * Connections per database side `pum check` reads the catalog over without `--jobs`. One: the
 * two sides already run at once, and on a 2-CPU machine a second connection per side made a
 * 10,000-table check slower (8.2 s with one, 9.0–9.5 s with two, 10.7–12.7 s with three;
 * BENCHMARKS.md). More pay off only with more CPUs than sides.
 */
export const DEFAULT_CHECK_JOBS = 1;

/** The options of `pum check`, as commander parses them. */
export interface CheckOptions extends CompareOptions {
  pg_service1?: string;
  pg_service2?: string;
  format?: string;
  json?: boolean;
  output?: string;
  output_file?: string;
  detail?: string;
  verbose_level?: string;
  data: string[];
  dataLimit: string;
  jobs?: string;
}

const EXAMPLES = `
Examples:
  pum check postgresql://localhost/qwat_prod postgresql://localhost/qwat_build
  pum check qwat_prod reference.json --exclude-schema public --format html --output check.html
  pum check -p1 qwat_build -p2 qwat_test --exclude-schema public -N tiger -N topology -i views   (PUM 0.x)
  pum -p qwat_prod check qwat_build -f json                                                      (PUM 1.x)
  pum check prod build --data 'qwat_vl.*'

Each side is a connection (URL, conninfo or service name) or a snapshot file (*.json).
Exit code 0: no differences; 1: differences; 2: usage or connection error.`;

/** Define `pum check`. */
export function checkCommand(ctx: CommandContext): Command {
  return (
    addCompareOptions(
      new Command('check')
        .summary('compare two databases or snapshots')
        .description(
          'Compare the schemas of two databases or snapshot files, object by object and field by field.',
        )
        .argument('[sides...]', 'the two sides: connections or snapshot files (*.json)')
        .option('--pg_service1 <conn>', 'the first side (PUM 0.x: -p1)')
        .option('--pg_service2 <conn>', 'the second side (PUM 0.x: -p2)'),
    )
      .addOption(new Option('-f, --format <format>', 'report format').choices(['text', 'json', 'html']))
      .option('--json', 'short for --format json')
      .option('-o, --output <file>', 'write the report to a file')
      .addOption(new Option('--output_file <file>').hideHelp())
      .addOption(
        new Option(
          '--detail <level>',
          'text report detail: 0 counts, 1 objects, 2 fields (default: 2)',
        ).choices(['0', '1', '2']),
      )
      // PUM 0.x's spelling, kept working but hidden: the global -v (before the command) is verbosity.
      .addOption(new Option('-v, --verbose_level <level>').choices(['0', '1', '2']).hideHelp())
      .option(
        '--data <table>',
        'also compare the rows of tables (repeatable, globs such as qwat_vl.*)',
        collect,
        [],
      )
      .option('--data-limit <n>', 'rows shown per table and kind of difference', '10')
      .option(
        '-j, --jobs <n>',
        `connections reading each database's catalog at once, on one snapshot (default ${DEFAULT_CHECK_JOBS}; more help with more CPUs)`,
      )
      .addHelpText('after', EXAMPLES)
      .action(async (sides: string[], options: CheckOptions) => {
        const { runCheck } = await import('../actions/check.js');
        ctx.setExitCode(await runCheck(sides, options, ctx));
      })
  );
}
