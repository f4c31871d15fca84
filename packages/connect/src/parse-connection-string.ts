/**
 * Decides how to read what the user typed. PUM users pass libpq service names everywhere,
 * so a word that is neither a URL nor a conninfo string is a service name (where libpq
 * tools would take it as a database name).
 */

import { PumError, PumErrorCode } from '@pum/core';
import type { ConnectionParameters } from './keywords.js';
import { maskConnectionString } from './mask-connection-string.js';
import { parseConninfo } from './parse-conninfo.js';
import { parseConnectionUrl, urlPrefixLength } from './parse-url.js';

/**
 * What {@link parseConnectionString} found.
 *
 * @example
 * ```ts
 * const parsed: ParsedConnectionString = parseConnectionString('service=qwat sslmode=require');
 * if (parsed.kind === 'service') console.log(`service ${parsed.parameters.service}`);
 * ```
 */
export interface ParsedConnectionString {
  /**
   * How the input was read: `'empty'` (nothing typed: the environment alone decides),
   * `'url'`, `'conninfo'` (`keyword=value …`) or `'service'` (a bare service name).
   */
  readonly kind: 'empty' | 'url' | 'conninfo' | 'service';
  /** The parameters the input sets; a bare service name sets only `service`. */
  readonly parameters: ConnectionParameters;
}

/**
 * Read a connection string without looking at files or the environment: a
 * `postgres(ql)://` URL, a libpq `keyword=value` string, a bare service name, or nothing.
 *
 * @throws PumError `PUM_INVALID_CONNECTION_STRING` when the input is malformed or names an
 *   unknown keyword (the message masks the password).
 *
 * @example
 * ```ts
 * parseConnectionString('qwat_prod');        // { kind: 'service', parameters: { service: 'qwat_prod' } }
 * parseConnectionString('host=db user=me');  // { kind: 'conninfo', parameters: { host: 'db', user: 'me' } }
 * parseConnectionString('postgres://db/qwat'); // { kind: 'url', parameters: { host: 'db', dbname: 'qwat' } }
 * ```
 */
export function parseConnectionString(input: string | undefined): ParsedConnectionString {
  if (input === undefined || input.trim() === '') return { kind: 'empty', parameters: {} };
  if (urlPrefixLength(input) > 0) return { kind: 'url', parameters: parseConnectionUrl(input) };
  const scheme = /^([A-Za-z][A-Za-z0-9+.:-]*):\/\//.exec(input);
  if (scheme !== null) {
    const masked = maskConnectionString(input);
    throw new PumError(
      PumErrorCode.InvalidConnectionString,
      `unsupported URL scheme "${scheme[1]}:" in connection URL "${masked}"`,
      {
        hint: 'a connection URL starts with postgresql:// or postgres:// (lower case)',
        details: { input: masked },
      },
    );
  }
  if (input.includes('=')) return { kind: 'conninfo', parameters: parseConninfo(input) };
  return { kind: 'service', parameters: { service: input } };
}
