/** `.pum.yaml` texts of PUM 1.x modules for tests, written the way PUM 1.x writes them (TEKSI's parameters). */

/** One parameter of a PUM 1.x `.pum.yaml`, in the order PUM 1.x lists its keys. */
export interface Pum1Parameter {
  /** The placeholder name, as SQL files write it (`{SRID}`). */
  readonly name: string;
  /** The PUM 1.x parameter type. */
  readonly type: 'integer' | 'boolean' | 'text';
  /** The default, as YAML text. */
  readonly default: string;
  /** The allowed values, when the parameter lists them. */
  readonly values?: readonly string[];
  /** Whether the parameter serves application hooks only (`app_only: true`). */
  readonly appOnly?: boolean;
}

/** TEKSI's `SRID`: integer, 2056 by default. */
export const SRID: Pum1Parameter = { name: 'SRID', type: 'integer', default: '2056' };

/** TEKSI's `webgis`: a boolean for the application hooks, false by default. */
export const WEBGIS: Pum1Parameter = { name: 'webgis', type: 'boolean', default: 'false', appOnly: true };

/** TEKSI's `lang_code`: en, de or fr, for the application hooks. */
export const LANG_CODE: Pum1Parameter = {
  name: 'lang_code',
  type: 'text',
  default: 'en',
  values: ['en', 'de', 'fr'],
  appOnly: true,
};

/** What {@link pum1Yaml} writes. */
export interface Pum1YamlOptions {
  /** `pum.module`. */
  readonly module: string;
  /** `pum.migration_table_schema`. */
  readonly historySchema: string;
  /** The `parameters` list, in order. */
  readonly parameters: readonly Pum1Parameter[];
  /** The one `application.drop` and `application.create` hook each (`code: …` or `file: …`), if any. */
  readonly application?: { readonly drop: string; readonly create: string };
}

/** The text of a PUM 1.x `.pum.yaml` with `options`' module, history schema, parameters and application hooks. */
export function pum1Yaml(options: Pum1YamlOptions): string {
  const lines = [
    'pum:',
    `  module: ${options.module}`,
    `  migration_table_schema: ${options.historySchema}`,
    'parameters:',
  ];
  for (const p of options.parameters) {
    lines.push(`  - name: ${p.name}`, `    type: ${p.type}`, `    default: ${p.default}`);
    if (p.values) lines.push(`    values: [${p.values.join(', ')}]`);
    if (p.appOnly) lines.push('    app_only: true');
  }
  if (options.application) {
    const { drop, create } = options.application;
    lines.push('application:', '  drop:', `    - ${drop}`, '  create:', `    - ${create}`);
  }
  return `${lines.join('\n')}\n`;
}
