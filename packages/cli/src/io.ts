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
