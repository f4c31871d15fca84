import { type Command, CommanderError } from 'commander';
import type { CommandContext, GlobalOptions } from './context.js';
import { reportError } from './error-boundary.js';
import { errorJson, usageErrorJson, writeErrorJson } from './error-json.js';
import { ExitCode } from './exit-codes.js';
import type { CliIo, TextOutput } from './io.js';
import { asksForVersion, normaliseLegacyArgv } from './legacy-argv.js';
import { buildProgram } from './program.js';
import { cliVersion } from './version.js';

/** `io` with a stdout that remembers whether anything was written to it. */
function trackStdout(io: CliIo): { io: CliIo; written: () => boolean } {
  let written = false;
  const stdout: TextOutput = {
    write: (text: string) => {
      written = true;
      return io.stdout.write(text);
    },
    get isTTY() {
      return io.stdout.isTTY === true;
    },
  };
  // Own properties (commands spread `io`), with `stdin` a getter: it must stay lazy.
  const tracked = {
    stdout,
    stderr: io.stderr,
    env: io.env,
    cwd: io.cwd,
    ...(io.signal ? { signal: io.signal } : {}),
    get stdin() {
      return io.stdin;
    },
  } as CliIo;
  return { io: tracked, written: () => written };
}

/** `local up` for `pum local up`: the command's name under the program. */
function commandPath(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/** Whether the command's own options ask for JSON output (`--json`, `--format json`). */
function wantsJson(command: Command): boolean {
  const { json, format } = command.opts<{ json?: unknown; format?: unknown }>();
  return json === true || format === 'json';
}

/**
 * Run `pum` with `argv` (without the node and script paths) and return its exit code. Never
 * throws and never exits: the caller (the bin, a test, an embedding tool) decides.
 *
 * A command given `--json` that fails writes one error object on stdout (schema
 * `schemas/error.schema.json`) besides the message on stderr, unless it had written its output.
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
  const tracked = trackStdout(io);
  let jsonCommand: string | undefined;
  const ctx: CommandContext = {
    io: tracked.io,
    argv,
    globals: () => {
      // Early PUM 1.x spelled the global connection -s SERVICE.
      const { pgService, ...globals } = program.opts<GlobalOptions & { pgService?: string }>();
      return globals.pgConnection === undefined && pgService !== undefined
        ? { ...globals, pgConnection: pgService }
        : globals;
    },
    setExitCode: (code) => {
      exitCode = code;
    },
  };
  const program = buildProgram(ctx).hook('preAction', (_program, action) => {
    jsonCommand = wantsJson(action) ? commandPath(action) : undefined;
  });
  try {
    if (argv.length === 0) {
      program.outputHelp({ error: true });
      return ExitCode.Usage;
    }
    if (asksForVersion(argv)) {
      io.stdout.write(`${cliVersion}\n`);
      return ExitCode.Ok;
    }
    const commands = new Set(program.commands.flatMap((c) => [c.name(), ...c.aliases()]));
    await program.parseAsync(normaliseLegacyArgv(argv, commands), { from: 'user' });
    return exitCode;
  } catch (error) {
    // Failing before the action ran (while parsing), the command line says whether JSON was asked.
    const named = argv.find((arg) => program.commands.some((c) => c.name() === arg));
    const json = jsonCommand ?? (named !== undefined && argv.includes('--json') ? named : undefined);
    if (error instanceof CommanderError) {
      // Commander already printed its message (unknown option, missing argument…), or help.
      if (error.exitCode === 0) return ExitCode.Ok;
      if (json !== undefined && !tracked.written()) {
        writeErrorJson(io, usageErrorJson(json, error.message.replace(/^error: /, '')));
      }
      return ExitCode.Usage;
    }
    const code = reportError(error, io);
    if (json !== undefined && !tracked.written()) writeErrorJson(io, errorJson(json, error, code));
    return code;
  }
}
