/**
 * The logger the CLI hands to the libraries: messages on stderr (stdout stays for results and
 * `--json`), nothing but warnings and errors with `--quiet`. Each `-v` adds a level, as in PUM
 * 1.x: `-v` the detail `info` lines, `-vv` the `debug` lines, `-vvv` every line's fields
 * (file, tool, table…) after it.
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

/** ` key=value …` of a message's fields, values as JSON unless plain words; empty when none. */
function formatFields(fields: Readonly<Record<string, unknown>> | undefined): string {
  if (fields === undefined) return '';
  return Object.entries(fields)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => {
      const text = typeof value === 'string' && /^[\w./:@-]+$/.test(value) ? value : JSON.stringify(value);
      return ` ${key}=${text}`;
    })
    .join('');
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
  const verbose = options.quiet ? 0 : (options.verbose ?? 0);
  const write = (text: string, fields?: Readonly<Record<string, unknown>>) =>
    io.stderr.write(
      `${fields?.hook === undefined ? '' : '    '}${text}${verbose >= 3 ? c.dim(formatFields(fields)) : ''}\n`,
    );
  return {
    debug: (message, fields) => {
      if (verbose >= 2) write(c.dim(message), fields);
    },
    info: (message, fields) => {
      if (!options.quiet && (!options.infoIsDetail || verbose >= 1)) write(message, fields);
    },
    warn: (message, fields) => write(c.yellow(message), fields),
    error: (message, fields) => write(c.red(message), fields),
  };
}
