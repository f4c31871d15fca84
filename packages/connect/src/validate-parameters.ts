/**
 * The value checks libpq makes before connecting (enumerations, integers, ports), made up
 * front so a typo fails with a message naming where the value came from.
 */

import { PumError, PumErrorCode } from '@pum/core';
import {
  type ConnectionKeyword,
  type ConnectionParameters,
  enumeratedValues,
  integerKeywords,
  keywordOrder,
} from './keywords.js';

/** Says where a parameter's value came from, for messages ("environment variable PGPORT"). */
export type DescribeOrigin = (keyword: ConnectionKeyword) => string;

const TLS_VERSIONS = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];

/** libpq's `parse_int_param`: optional sign, digits, surrounding blanks allowed. */
export function parseInteger(value: string): number | undefined {
  return /^\s*[+-]?\d+\s*$/.test(value) ? Number.parseInt(value, 10) : undefined;
}

function invalidValue(
  keyword: ConnectionKeyword,
  value: string,
  origin: string,
  expected: string,
  hint?: string,
): PumError {
  return new PumError(
    PumErrorCode.InvalidConnectionString,
    `invalid ${keyword} ${JSON.stringify(value)} (from ${origin}): expected ${expected}`,
    { hint: hint ?? `fix ${keyword} in ${origin}`, details: { keyword, value, origin } },
  );
}

/** Throw a `PUM_INVALID_CONNECTION_STRING` error for the first invalid value. */
export function validateParameters(parameters: ConnectionParameters, originOf: DescribeOrigin): void {
  for (const keyword of keywordOrder) {
    const value = parameters[keyword];
    if (value === undefined) continue;
    const allowed = enumeratedValues[keyword];
    if (allowed !== undefined && !allowed.includes(value)) {
      throw invalidValue(keyword, value, originOf(keyword), `one of ${allowed.join(', ')}`);
    }
    if (integerKeywords.includes(keyword) && parseInteger(value) === undefined) {
      throw invalidValue(keyword, value, originOf(keyword), 'an integer');
    }
    if (keyword === 'port') {
      for (const port of value.split(',')) {
        if (port === '') continue;
        const number = parseInteger(port);
        if (number === undefined || number < 1 || number > 65535) {
          throw invalidValue(
            'port',
            port,
            originOf('port'),
            'a port number from 1 to 65535',
            value.includes(',') ? 'ports of several hosts are separated by commas' : undefined,
          );
        }
      }
    }
    if (
      (keyword === 'ssl_min_protocol_version' || keyword === 'ssl_max_protocol_version') &&
      !TLS_VERSIONS.includes(value)
    ) {
      throw invalidValue(keyword, value, originOf(keyword), `one of ${TLS_VERSIONS.join(', ')}`);
    }
  }
}
