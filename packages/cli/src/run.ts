import { CommanderError } from 'commander';
import type { CommandContext, GlobalOptions } from './context.js';
import { reportError } from './error-boundary.js';
import { ExitCode } from './exit-codes.js';
import type { CliIo } from './io.js';
import { normaliseLegacyArgv } from './legacy-argv.js';
import { buildProgram } from './program.js';

/**
 * Run `pum` with `argv` (without the node and script paths) and return its exit code. Never
 * throws and never exits: the caller (the bin, a test, an embedding tool) decides.
 *
 * @example
 * ```ts
 * process.exitCode = await run(process.argv.slice(2), {
 *   stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd(),
 * });
 * ```
 */
export async function run(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  let exitCode: ExitCode = ExitCode.Ok;
  const ctx: CommandContext = {
    io,
    globals: () => program.opts<GlobalOptions>(),
    setExitCode: (code) => {
      exitCode = code;
    },
  };
  const program = buildProgram(ctx);
  try {
    if (argv.length === 0) {
      program.outputHelp({ error: true });
      return ExitCode.Usage;
    }
    await program.parseAsync(normaliseLegacyArgv(argv), { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander already printed its message (unknown option, missing argument…), or help.
      return error.exitCode === 0 ? ExitCode.Ok : ExitCode.Usage;
    }
    return reportError(error, io);
  }
}
