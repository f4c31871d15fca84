/**
 * Running pum commands from inside a command (`pum demo`, `pum local`): exactly what typing
 * them runs, so they print, fail and exit as they would on their own.
 */
import type { ExitCode } from './exit-codes.js';
import type { CliIo } from './io.js';

/** Run `pum <argv>` with `io`; resolves with its exit code (errors are already reported). */
export async function runNested(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  // Imported when used: run.ts builds the command tree that holds the calling command.
  const { run } = await import('./run.js');
  return run(argv, io);
}

/**
 * `argv` as a shell command line, for showing the user what runs.
 *
 * @example
 * ```ts
 * commandLine(['check', 'a b', 'c']); // "pum check 'a b' c"
 * ```
 */
export function commandLine(argv: readonly string[]): string {
  const quote = (arg: string) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`);
  return ['pum', ...argv].map(quote).join(' ');
}

/** `io` with stdout captured (for a nested `--json` run whose report goes into ours). */
export function capturingIo(io: CliIo): { io: CliIo; captured(): string } {
  let text = '';
  return {
    io: { ...io, stdout: { write: (chunk: string) => (text += chunk) } },
    captured: () => text,
  };
}
