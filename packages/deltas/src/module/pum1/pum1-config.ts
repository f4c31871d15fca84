/**
 * The shape of a PUM 1.x `.pum.yaml`: the typed configuration we hand out, and the zod schema
 * that checks the structure of the parsed YAML (unknown keys, wrong types, missing values).
 * Rules that span several values — a default among the allowed values, a hook with exactly one
 * of `file` / `code` / `command` — are in `check-config.ts`.
 */
import { z } from 'zod';
import type { ParameterType } from '../../sql/parameter-value.js';

/** The parameter types of `.pum.yaml`, in the order error messages list them. */
export const PUM1_PARAMETER_TYPES = [
  'boolean',
  'integer',
  'decimal',
  'text',
  'path',
] as const satisfies readonly ParameterType[];

/** What a parameter name must look like: it is written `{NAME}` in SQL. */
export const PARAMETER_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A value of a parameter, as YAML gives it. */
export type Pum1ParameterValue = boolean | number | string;

/** `pum:` — settings of PUM itself. */
export interface Pum1PumSection {
  /**
   * The module name; history rows are recorded under it. Older PUM 1.x files have none: the
   * module directory's name is used then, and PUM's `pum_migrations` rows of any module are
   * adopted (PUM kept one module per table unless told otherwise).
   */
  module?: string;
  /** Schema of the `pum_migrations` table. Default: `public`. */
  migration_table_schema: string;
  /** The oldest PUM version the module supports. Kept, never checked. */
  minimum_version?: string;
}

/** One entry of `parameters:`. */
export interface Pum1ParameterConfig {
  name: string;
  /** Default: `text`, as in PUM. */
  type: ParameterType;
  default?: Pum1ParameterValue;
  description?: string;
  /** The allowed values, when restricted. */
  values?: Pum1ParameterValue[];
  /** Whether the value may change after install (it only affects the application). Default: `false`. */
  app_only: boolean;
}

/**
 * A hook: a file relative to the module root (SQL, or a `.js` / `.mjs` / `.ts` code hook), inline
 * SQL, or — pum's addition — an external program run outside the transaction (`command:`, one
 * shell line or an argument list). Exactly one is set.
 */
export type Pum1HookConfig =
  | { file: string }
  | { code: string }
  | { command: string | [string, ...string[]] };

/** `application:` — hooks that drop the application before the changelogs and create it after. */
export interface Pum1ApplicationConfig {
  drop: Pum1HookConfig[];
  create: Pum1HookConfig[];
}

/** One entry of `roles:`. */
export interface Pum1RoleConfig {
  name: string;
  description?: string;
  /** A role of the same list whose permissions this one inherits. */
  inherit?: string;
  permissions: { type: 'read' | 'write'; schemas: string[] }[];
}

/** One entry of `demo_data:`: a name and one SQL file or several, relative to the module root. */
export type Pum1DemoDataConfig = { name: string } & ({ file: string } | { files: string[] });

/**
 * One entry of `dependencies:`: a Python package PUM installs for its Python hooks. pum keeps
 * the list but never installs anything (it runs no Python).
 */
export interface Pum1DependencyConfig {
  name: string;
  minimum_version?: string;
  maximum_version?: string;
}

/** A validated `.pum.yaml`, with PUM's defaults filled in. Keys keep their YAML names. */
export interface Pum1Config {
  pum: Pum1PumSection;
  /** Default: `changelogs`. */
  changelogs_directory: string;
  parameters: Pum1ParameterConfig[];
  /**
   * The application hooks. Older PUM 1.x files name them `migration_hooks: { pre, post }`;
   * those are read into `drop` and `create`.
   */
  application: Pum1ApplicationConfig;
  roles: Pum1RoleConfig[];
  demo_data: Pum1DemoDataConfig[];
  dependencies: Pum1DependencyConfig[];
  /** Hooks run by `uninstall`. */
  uninstall: Pum1HookConfig[];
}

const nonEmpty = z.string().min(1);
const hook = z.strictObject({
  file: nonEmpty.nullish(),
  code: nonEmpty.nullish(),
  command: z
    .union([nonEmpty, z.array(nonEmpty).min(1)], {
      error: 'expected a command line (text) or a list of the program and its arguments (texts)',
    })
    .nullish(),
});
const hooks = z.array(hook).nullish();
// A version must be a string: unquoted, YAML reads `1.10` as the number 1.1.
const versionText = nonEmpty.nullish();

/** The structure of `.pum.yaml`. Optional keys may be empty (`null`), as PUM accepts. */
export const pum1ConfigSchema = z.strictObject({
  pum: z
    .strictObject({
      module: nonEmpty.nullish(),
      migration_table_schema: nonEmpty.nullish(),
      minimum_version: versionText,
    })
    .nullish(),
  changelogs_directory: nonEmpty.nullish(),
  parameters: z
    .array(
      z.strictObject({
        name: z.string().regex(PARAMETER_NAME, {
          error: 'expected a name of letters, digits and _, not starting with a digit',
        }),
        type: z.enum(PUM1_PARAMETER_TYPES).nullish(),
        default: z.unknown().optional(),
        description: z.string().nullish(),
        values: z.array(z.unknown()).min(1).nullish(),
        app_only: z.boolean().nullish(),
      }),
    )
    .nullish(),
  application: z.strictObject({ drop: hooks, create: hooks }).nullish(),
  migration_hooks: z.strictObject({ pre: hooks, post: hooks }).nullish(),
  roles: z
    .array(
      z.strictObject({
        name: nonEmpty,
        description: z.string().nullish(),
        inherit: nonEmpty.nullish(),
        permissions: z
          .array(z.strictObject({ type: z.enum(['read', 'write']), schemas: z.array(nonEmpty).nullish() }))
          .nullish(),
      }),
    )
    .nullish(),
  demo_data: z
    .array(z.strictObject({ name: nonEmpty, file: nonEmpty.nullish(), files: z.array(nonEmpty).nullish() }))
    .nullish(),
  dependencies: z
    .array(z.strictObject({ name: nonEmpty, minimum_version: versionText, maximum_version: versionText }))
    .nullish(),
  uninstall: hooks,
});

/** `.pum.yaml` as the schema parsed it, before defaults. */
export type Pum1RawConfig = z.output<typeof pum1ConfigSchema>;

/** The keys allowed in the mapping at `path`, for "did you mean" hints; empty when not a mapping. */
export function allowedKeysAt(path: readonly PropertyKey[]): string[] {
  let schema: z.ZodType = pum1ConfigSchema;
  for (const segment of [...path, undefined]) {
    while (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable) {
      schema = schema.unwrap() as z.ZodType;
    }
    if (segment === undefined) break;
    if (schema instanceof z.ZodObject && typeof segment === 'string') {
      const next = (schema.shape as Record<string, z.ZodType>)[segment];
      if (!next) return [];
      schema = next;
    } else if (schema instanceof z.ZodArray && typeof segment === 'number') {
      schema = schema.element as z.ZodType;
    } else {
      return [];
    }
  }
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}
