/**
 * The errors of this package, built in one place so every message names its input the same
 * way (password masked) and carries the same details.
 */

import { PumError, PumErrorCode } from '@pum/core';
import { maskConnectionString } from './mask-connection-string.js';

/** Which syntax an input string is read with, for messages. */
export type InputKind = 'URL' | 'conninfo';

/**
 * A connection string that cannot be parsed. `position` is 1-based, counted in characters
 * of the original input.
 */
export function malformedInput(
  kind: InputKind,
  input: string,
  problem: string,
  options: { position?: number; hint?: string; details?: Record<string, unknown> } = {},
): PumError {
  const masked = maskConnectionString(input);
  const where = options.position === undefined ? '' : ` at position ${options.position}`;
  const what = kind === 'URL' ? 'connection URL' : 'connection string';
  return new PumError(PumErrorCode.InvalidConnectionString, `${problem}${where} in ${what} "${masked}"`, {
    hint:
      options.hint ??
      (kind === 'URL'
        ? 'write postgresql://user:password@host:port/dbname?keyword=value, percent-encoding special characters'
        : "write keyword=value pairs separated by spaces; quote values with single quotes and escape ' and \\ with a backslash"),
    details: {
      input: masked,
      ...(options.position === undefined ? {} : { position: options.position }),
      ...options.details,
    },
  });
}
