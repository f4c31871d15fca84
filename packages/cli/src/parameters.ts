/** Parameters given on the command line: `--param NAME=VALUE`, PUM 0.x `-v TYPE NAME VALUE`, PUM 1.x `-p NAME VALUE`. */
import { PumError, PumErrorCode } from '@pum/core';
import {
  type DeltaModule,
  type ParameterValue,
  type Placeholders,
  type Pum1Module,
  resolvePum1Parameters,
} from '@pum/deltas';

/** A parameter value as typed by the user, with PUM 0.x's declared type when given. */
export interface CliParameter {
  value: string;
  type?: 'int' | 'float' | 'str';
}

function pairs<T>(
  values: readonly string[],
  size: number,
  flag: string,
  form: string,
  make: (group: string[]) => T,
): T[] {
  if (values.length % size !== 0) {
    throw new PumError(PumErrorCode.InvalidArgument, `${flag} expects ${form}, got: ${values.join(' ')}`);
  }
  const out: T[] = [];
  for (let i = 0; i < values.length; i += size) out.push(make(values.slice(i, i + size)));
  return out;
}

/**
 * Collect parameters from every form; a name given twice is an error.
 *
 * @example
 * ```ts
 * cliParameters({ param: ['SRID=2056'], pum0: ['int', 'SRID', '2056'] }); // refused: SRID twice
 * ```
 */
export function cliParameters(forms: {
  param?: readonly string[];
  pum0?: readonly string[];
  pum1?: readonly string[];
}): Record<string, CliParameter> {
  const entries: [string, CliParameter][] = [
    ...(forms.param ?? []).map((text): [string, CliParameter] => {
      const eq = text.indexOf('=');
      if (eq <= 0) throw new PumError(PumErrorCode.InvalidArgument, `--param ${text}: expected NAME=VALUE`);
      return [text.slice(0, eq), { value: text.slice(eq + 1) }];
    }),
    ...pairs(
      forms.pum0 ?? [],
      3,
      '-v',
      'TYPE NAME VALUE (TYPE int, float or str)',
      ([type, name, value]): [string, CliParameter] => {
        if (type !== 'int' && type !== 'float' && type !== 'str') {
          throw new PumError(
            PumErrorCode.InvalidArgument,
            `-v ${type} ${name} ${value}: TYPE must be int, float or str`,
          );
        }
        return [name as string, { value: value as string, type }];
      },
    ),
    ...pairs(forms.pum1 ?? [], 2, '-p', 'NAME VALUE', ([name, value]): [string, CliParameter] => [
      name as string,
      { value: value as string },
    ]),
  ];
  const result: Record<string, CliParameter> = {};
  for (const [name, parameter] of entries) {
    if (name in result) throw new PumError(PumErrorCode.InvalidArgument, `parameter ${name} is given twice`);
    result[name] = parameter;
  }
  return result;
}

/**
 * Typed values for placeholder substitution: PUM 0.x types (`int`, `float`, `str`) map to
 * integer, decimal and text; values given without a type are text.
 */
export function parameterValues(
  parameters: Readonly<Record<string, CliParameter>>,
): Record<string, ParameterValue> {
  return Object.fromEntries(
    Object.entries(parameters).map(([name, p]): [string, ParameterValue] => {
      if (p.type === 'int') {
        if (!/^-?\d+$/.test(p.value))
          throw new PumError(PumErrorCode.InvalidArgument, `parameter ${name}: ${p.value} is not an int`);
        return [name, { type: 'integer', value: p.value }];
      }
      if (p.type === 'float') return [name, { type: 'decimal', value: p.value }];
      return [name, { type: 'text', value: p.value }];
    }),
  );
}

/**
 * The placeholders of a module's files: PUM 1.x `{NAME}` with the module's declared, typed
 * parameters (defaults filled in); PUM 0.x psycopg `%(NAME)s`, substituted only when values are
 * given, as PUM did.
 */
export function placeholdersFor(
  module: DeltaModule,
  parameters: Readonly<Record<string, CliParameter>>,
): Placeholders | undefined {
  if (module.layout === 'pum1') {
    return {
      dialect: 'pum1',
      parameters: resolvePum1Parameters((module as Pum1Module).parameters, parameterTexts(parameters)),
    };
  }
  return Object.keys(parameters).length > 0
    ? { dialect: 'pum0', parameters: parameterValues(parameters) }
    : undefined;
}

/** The values as typed, by name: what a run records in history and what PUM 1.x types are read from. */
export function parameterTexts(parameters: Readonly<Record<string, CliParameter>>): Record<string, string> {
  return Object.fromEntries(Object.entries(parameters).map(([name, p]) => [name, p.value]));
}
