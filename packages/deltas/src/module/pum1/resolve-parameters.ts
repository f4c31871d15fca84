/**
 * Parameter values for a PUM 1.x module: what the user typed (text) converted to each declared
 * parameter's type, defaults filled in, allowed values enforced.
 */
import { PumError, PumErrorCode } from '@pum/core';
import type { ParameterValue } from '../../sql/parameter-value.js';
import type { Pum1Parameter } from './load-pum1-module.js';

function convert(parameter: Pum1Parameter, text: string): ParameterValue['value'] {
  const fail = (expected: string): never => {
    throw new PumError(
      PumErrorCode.InvalidArgument,
      `parameter ${parameter.name}: ${JSON.stringify(text)} is not ${expected}`,
    );
  };
  switch (parameter.type) {
    case 'integer':
      return /^-?\d+$/.test(text) ? text : fail('an integer');
    case 'decimal':
      return /^-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(text) ? text : fail('a decimal number');
    case 'boolean': {
      const lower = text.toLowerCase();
      if (['true', 't', 'yes', 'on', '1'].includes(lower)) return true;
      if (['false', 'f', 'no', 'off', '0'].includes(lower)) return false;
      return fail('a boolean (true or false)');
    }
    default:
      return text;
  }
}

/**
 * Resolve the values of a module's declared parameters.
 *
 * @throws {@link PumError} `PUM_INVALID_ARGUMENT` for an undeclared name, a value of the wrong
 *   type or not among the allowed values.
 * @example
 * ```ts
 * resolvePum1Parameters(module.parameters, { SRID: '2056' }); // { SRID: { type: 'integer', value: '2056' }, … }
 * ```
 */
export function resolvePum1Parameters(
  declared: readonly Pum1Parameter[],
  given: Readonly<Record<string, string>>,
): Record<string, ParameterValue | undefined> {
  const byName = new Map(declared.map((p) => [p.name, p]));
  for (const name of Object.keys(given)) {
    if (!byName.has(name)) {
      throw new PumError(PumErrorCode.InvalidArgument, `unknown parameter ${name}`, {
        hint: declared.length
          ? `the module declares: ${declared.map((p) => p.name).join(', ')}`
          : 'the module declares no parameters',
      });
    }
  }
  const values: Record<string, ParameterValue | undefined> = {};
  for (const parameter of declared) {
    const text = given[parameter.name];
    const value = text !== undefined ? convert(parameter, text) : parameter.default;
    if (value === undefined) {
      values[parameter.name] = undefined;
      continue;
    }
    if (parameter.values && !parameter.values.some((allowed) => String(allowed) === String(value))) {
      throw new PumError(
        PumErrorCode.InvalidArgument,
        `parameter ${parameter.name}: ${String(value)} is not one of ${parameter.values.join(', ')}`,
      );
    }
    values[parameter.name] = { type: parameter.type, value } as ParameterValue;
  }
  return values;
}
