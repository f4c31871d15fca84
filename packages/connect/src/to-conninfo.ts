/**
 * Writes parameters back as a libpq conninfo string, quoted so that `parseConninfo` (and
 * libpq) reads the same values back.
 */

import { type ConnectionKeyword, type ConnectionParameters, keywordOrder } from './keywords.js';

/**
 * Options of {@link toConninfo}.
 *
 * @example
 * ```ts
 * toConninfo(connection, { includePassword: false });
 * ```
 */
export interface ToConninfoOptions {
  /**
   * Include `password` and `sslpassword`. Default `false`: the result is meant for display
   * and command lines, where a password must never go.
   */
  readonly includePassword?: boolean;
}

const SECRET: ReadonlySet<ConnectionKeyword> = new Set(['password', 'sslpassword', 'oauth_client_secret']);
// Already resolved into the other parameters.
const SKIPPED: ReadonlySet<ConnectionKeyword> = new Set(['service', 'servicefile']);

/**
 * Quote one conninfo value: bare when it is plain, else in single quotes with `'` and `\`
 * escaped by a backslash.
 *
 * @example
 * ```ts
 * quoteConninfoValue('my db'); // "'my db'"
 * quoteConninfoValue("it's");  // "'it\\'s'"
 * ```
 */
export function quoteConninfoValue(value: string): string {
  if (/^[A-Za-z0-9_.,:/@+-]+$/.test(value)) return value;
  return `'${value.replace(/[\\']/g, '\\$&')}'`;
}

/**
 * A conninfo string for the resolved parameters (without `service`, which is already
 * resolved, and without passwords unless asked).
 *
 * @example
 * ```ts
 * toConninfo(resolveConnection("host=db dbname='my db' user=me password=x"));
 * // "host=db port=5432 dbname='my db' user=me"
 * ```
 */
export function toConninfo(
  connection: { readonly parameters: ConnectionParameters },
  options: ToConninfoOptions = {},
): string {
  const parts: string[] = [];
  for (const keyword of keywordOrder) {
    const value = connection.parameters[keyword];
    if (value === undefined || SKIPPED.has(keyword)) continue;
    if (SECRET.has(keyword) && options.includePassword !== true) continue;
    parts.push(`${keyword}=${quoteConninfoValue(value)}`);
  }
  return parts.join(' ');
}
