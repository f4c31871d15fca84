/**
 * What a command may touch of the outside world. The bin passes the real process; tests and
 * embedding applications pass their own, so commands never reach for `process` themselves.
 */
import pc from 'picocolors';

/** A writable text stream: `process.stdout`, `process.stderr`, or a test buffer. */
export interface TextOutput {
  write(text: string): unknown;
  /** True when the stream is an interactive terminal. */
  readonly isTTY?: boolean;
}

/** The outside world of one CLI run. */
export interface CliIo {
  readonly stdout: TextOutput;
  readonly stderr: TextOutput;
  /** The environment (`process.env`): libpq variables, `NO_COLOR`, `FORCE_COLOR`. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The working directory relative paths are resolved against. */
  readonly cwd: string;
  /**
   * Where answers to questions come from (`process.stdin`); without it, pum never asks and
   * behaves as if nobody answered.
   */
  readonly stdin?: TextInput;
  /** Aborted when the user interrupts (Ctrl-C): long operations stop cleanly. */
  readonly signal?: AbortSignal;
}

/** A readable text stream: `process.stdin`, or a test stream. */
export interface TextInput extends NodeJS.ReadableStream {
  /** True when the stream is an interactive terminal. */
  readonly isTTY?: boolean;
}

/** The picocolors palette, enabled or not. */
export type Colors = ReturnType<typeof pc.createColors>;

/**
 * Colours for one output stream: on only for a terminal, off when `NO_COLOR` is set to a
 * non-empty value (https://no-color.org), forced by a non-empty `FORCE_COLOR` other than `0`.
 */
export function colorsFor(stream: TextOutput, env: CliIo['env']): Colors {
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '') return pc.createColors(force !== '0');
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return pc.createColors(false);
  return pc.createColors(stream.isTTY === true);
}

/**
 * `stream` (`process.stdout`, `process.stderr`) as a {@link TextOutput} that goes quiet when its
 * reader goes away (`pum snapshot db | head`): the `EPIPE` is not an error, later output is
 * dropped, and the command runs to its end and exits with its own code — a closed pipe never
 * interrupts work on a database halfway. Other stream errors are thrown as before.
 *
 * @example
 * ```ts
 * run(argv, { stdout: quietWhenClosed(process.stdout), stderr: quietWhenClosed(process.stderr), … });
 * ```
 */
export function quietWhenClosed(stream: NodeJS.WritableStream & { readonly isTTY?: boolean }): TextOutput {
  // A terminal is never a closed pipe, and progress bars need the real stream (cursor moves).
  if (stream.isTTY === true) return stream;
  let closed = false;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    // EPIPE for the write that found the reader gone; ERR_STREAM_DESTROYED for any after it.
    if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
    closed = true;
  });
  return {
    write: (text: string) => !closed && stream.write(text),
    isTTY: false,
  };
}
