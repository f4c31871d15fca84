/**
 * Typed parameter values (PUM 1.x `.pum.yaml` parameter types) and the two ways they are written
 * into SQL: as an SQL literal in code, or as raw text inside an existing literal.
 */

import { PumError, PumErrorCode, quoteLiteral } from '@pum/core';

/** The parameter types of PUM 1.x `.pum.yaml`. */
export type ParameterType = 'boolean' | 'integer' | 'decimal' | 'text' | 'path';

/**
 * A parameter value with its declared type. Accepted values: `boolean` a boolean; `integer` a safe
 * integer number, a bigint or a string of digits; `decimal` a finite number, a bigint or a decimal
 * string (`-1.5`, `2e3`); `text` and `path` a string without NUL characters.
 */
export interface ParameterValue {
  readonly type: ParameterType;
  readonly value: boolean | number | bigint | string;
}

const INTEGER = /^[+-]?[0-9]+$/;
const DECIMAL = /^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$/;

/**
 * The value as text (`true`/`false`, digits, the string itself), or `undefined` when the value
 * does not fit its type.
 */
function normalise(parameter: ParameterValue): string | undefined {
  const { type, value } = parameter;
  switch (type) {
    case 'boolean':
      return typeof value === 'boolean' ? String(value) : undefined;
    case 'integer':
    case 'decimal': {
      if (typeof value === 'bigint') return value.toString();
      if (typeof value === 'number') {
        const fits = type === 'integer' ? Number.isSafeInteger(value) : Number.isFinite(value);
        return fits ? String(value) : undefined;
      }
      if (typeof value === 'string' && (type === 'integer' ? INTEGER : DECIMAL).test(value)) {
        return value.startsWith('+') ? value.slice(1) : value;
      }
      return undefined;
    }
    case 'text':
    case 'path':
      return typeof value === 'string' && !value.includes('\u0000') ? value : undefined;
    default:
      return undefined;
  }
}

function invalid(name: string, parameter: ParameterValue, where: string): PumError {
  const shown =
    typeof parameter.value === 'string' ? JSON.stringify(parameter.value) : String(parameter.value);
  return new PumError(
    PumErrorCode.InvalidArgument,
    `parameter ${name} is declared ${String(parameter.type)} but its value ${shown} (${typeof parameter.value}) is not a valid ${String(parameter.type)}${where}`,
    { details: { parameter: name, type: parameter.type } },
  );
}

/**
 * The value as raw text, for insertion inside an existing literal: `true`/`false`, digits (without
 * a leading `+`), or the string itself. Throws `PUM_INVALID_ARGUMENT` when the value does not fit
 * its type; `where` is appended to the message (`' (used at file.sql:3:7)'`).
 *
 * @example
 * ```ts
 * parameterText('SRID', { type: 'integer', value: 2056 }); // '2056'
 * parameterText('flag', { type: 'boolean', value: false }); // 'false'
 * ```
 */
export function parameterText(name: string, parameter: ParameterValue, where = ''): string {
  const text = normalise(parameter);
  if (text === undefined) throw invalid(name, parameter, where);
  return text;
}

/**
 * The value as an SQL literal for code: `TRUE`/`FALSE`, a plain number, or a quoted string
 * (through `quoteLiteral`, so `E'…'` when it holds a backslash). A negative number gets a leading
 * space, so that `a-{N}` cannot become the comment `a--5`. Throws `PUM_INVALID_ARGUMENT` when the
 * value does not fit its type.
 *
 * @example
 * ```ts
 * parameterLiteral('SRID', { type: 'integer', value: 2056 }); // '2056'
 * parameterLiteral('schema', { type: 'text', value: "it's" }); // "'it''s'"
 * parameterLiteral('offset', { type: 'decimal', value: -0.5 }); // ' -0.5'
 * ```
 */
export function parameterLiteral(name: string, parameter: ParameterValue, where = ''): string {
  const text = parameterText(name, parameter, where);
  switch (parameter.type) {
    case 'boolean':
      return text.toUpperCase();
    case 'integer':
    case 'decimal':
      return text.startsWith('-') ? ` ${text}` : text;
    default:
      return quoteLiteral(text);
  }
}
