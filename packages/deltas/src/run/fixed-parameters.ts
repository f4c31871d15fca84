/**
 * PUM 1.x's rule for parameters: a value that shapes the data (`SRID`, say) is fixed when the
 * module is installed; only parameters declared `app_only` — they shape the application, which
 * every upgrade drops and recreates — may change afterwards.
 */
import { PumError, PumErrorCode, type Queryable, qualifiedName } from '@pum/core';
import type { Pum1Parameter } from '../module/pum1/index.js';
import type { ParameterValue } from '../sql/parameter-value.js';
import type { UpgradePlan } from './plan.js';

/** The parameter values recorded when the module was installed, if any were recorded. */
export async function installedParameters(
  db: Queryable,
  plan: UpgradePlan,
): Promise<Record<string, unknown> | undefined> {
  if (plan.tableExists) {
    const { rows } = await db.query<{ parameters: Record<string, unknown> }>(
      `SELECT parameters FROM ${qualifiedName(plan.table.schema, plan.table.name)}
       WHERE module = $1 AND success AND kind <> 'repair' AND parameters <> '{}'::jsonb ORDER BY id LIMIT 1`,
      [plan.module.name],
    );
    if (rows[0]) return rows[0].parameters;
  }
  return plan.legacy?.entries.find((e) => e.success && Object.keys(e.parameters).length > 0)?.parameters;
}

/** The text form values are compared in: PUM stored JSON numbers and booleans, we store text. */
function textOf(value: unknown): string | undefined {
  return value === undefined || value === null ? undefined : String(value);
}

/** The values a run records: every declared parameter's value in its text form. */
export function recordedParameters(
  values: Readonly<Record<string, ParameterValue | undefined>>,
): Record<string, string> {
  const recorded: Record<string, string> = {};
  for (const [name, value] of Object.entries(values)) {
    if (value !== undefined) recorded[name] = String(value.value);
  }
  return recorded;
}

/**
 * Refuse a run whose values of parameters that are not `app_only` differ from those recorded at
 * install. Parameters the install did not record (declared by a later version) are not compared.
 *
 * @throws {@link PumError} `PUM_INVALID_ARGUMENT` listing each parameter, its value at install
 *   and the value given.
 */
export function checkFixedParameters(
  declared: readonly Pum1Parameter[],
  installed: Readonly<Record<string, unknown>> | undefined,
  values: Readonly<Record<string, ParameterValue | undefined>>,
): void {
  if (!installed) return;
  const changed = declared
    .filter((p) => !p.appOnly && Object.hasOwn(installed, p.name))
    .map((p) => ({
      name: p.name,
      installed: textOf(installed[p.name]),
      given: textOf(values[p.name]?.value),
    }))
    .filter((p) => p.installed !== p.given);
  if (changed.length === 0) return;
  const show = (value: string | undefined) => (value === undefined ? 'nothing' : JSON.stringify(value));
  throw new PumError(
    PumErrorCode.InvalidArgument,
    `parameter values differ from those the module was installed with:\n${changed
      .map((p) => `  ${p.name}: installed with ${show(p.installed)}, given ${show(p.given)}`)
      .join('\n')}`,
    {
      hint: `give the installed values again (${changed
        .filter((p) => p.installed !== undefined)
        .map((p) => `-p ${p.name} ${p.installed}`)
        .join(' ')}); only parameters declared app_only may change after install`,
      details: { parameters: changed },
    },
  );
}
