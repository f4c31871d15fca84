/**
 * The logger the CLI hands to the libraries: messages on stderr (stdout stays for results and
 * `--json`), `debug` only with `-v`, nothing but warnings and errors with `--quiet`.
 */
import type { Logger } from '@pum/core';
import { type CliIo, colorsFor } from './io.js';

/** How much the user asked to see. */
export interface LoggerOptions {
  quiet?: boolean | undefined;
  verbose?: number | undefined;
  /** Show `info` only with `-v` (for libraries whose `info` is detail, not news). */
  infoIsDetail?: boolean | undefined;
}

/**
 * A logger writing to `io.stderr`. Lines of a hook (`fields.hook`) are indented under the file
 * being run.
 *
 * @example
 * ```ts
 * await applyDeltas(client, module, { logger: cliLogger(io, ctx.globals()) });
 * ```
 */
export function cliLogger(io: CliIo, options: LoggerOptions = {}): Logger {
  const c = colorsFor(io.stderr, io.env);
  const write = (text: string, fields?: Readonly<Record<string, unknown>>) =>
    io.stderr.write(`${fields?.hook === undefined ? '' : '    '}${text}\n`);
  return {
    debug: (message, fields) => {
      if ((options.verbose ?? 0) > 0 && !options.quiet) write(c.dim(message), fields);
    },
    info: (message, fields) => {
      if (!options.quiet && (!options.infoIsDetail || (options.verbose ?? 0) > 0)) write(message, fields);
    },
    warn: (message, fields) => write(c.yellow(message), fields),
    error: (message, fields) => write(c.red(message), fields),
  };
}
