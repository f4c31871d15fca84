/**
 * The shape of a PUM 1.x `.pum.yaml`: the typed configuration we hand out. The structure of the
 * parsed YAML is checked by the schema of `pum1-config-schema.ts`; rules that span several
 * values — a default among the allowed values, a hook with exactly one of `file` / `code` /
 * `command` — are in `check-config.ts`.
 */
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
 * One entry of `dependencies:`: a Python package the module's Python hooks import. pum checks it
 * with the chosen Python before Python hooks run, and never installs anything.
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
