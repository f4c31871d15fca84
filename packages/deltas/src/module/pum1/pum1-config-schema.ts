/**
 * The zod schema that checks the structure of a parsed `.pum.yaml` (unknown keys, wrong types,
 * missing values). It is built on first use, with `zod` loaded then (see `lazy-modules.ts`).
 */
import type { z } from 'zod';
import { zodModule } from './lazy-modules.js';
import { PARAMETER_NAME, PUM1_PARAMETER_TYPES } from './pum1-config.js';

/** Build the schema with the loaded zod (`z`). Optional keys may be empty (`null`), as PUM accepts. */
function buildSchema(z: Zod) {
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

  return z.strictObject({
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
}

type Zod = ReturnType<typeof zodModule>['z'];
type Pum1ConfigSchema = ReturnType<typeof buildSchema>;

let schema: Pum1ConfigSchema | undefined;

/** The structure of `.pum.yaml`, built on the first call. */
export function pum1ConfigSchema(): Pum1ConfigSchema {
  schema ??= buildSchema(zodModule().z);
  return schema;
}

/** `.pum.yaml` as the schema parsed it, before defaults. */
export type Pum1RawConfig = z.output<Pum1ConfigSchema>;

/** The keys allowed in the mapping at `path`, for "did you mean" hints; empty when not a mapping. */
export function allowedKeysAt(path: readonly PropertyKey[]): string[] {
  const { z } = zodModule();
  let current: z.ZodType = pum1ConfigSchema();
  for (const segment of [...path, undefined]) {
    while (current instanceof z.ZodOptional || current instanceof z.ZodNullable) {
      current = current.unwrap() as z.ZodType;
    }
    if (segment === undefined) break;
    if (current instanceof z.ZodObject && typeof segment === 'string') {
      const next = (current.shape as Record<string, z.ZodType>)[segment];
      if (!next) return [];
      current = next;
    } else if (current instanceof z.ZodArray && typeof segment === 'number') {
      current = current.element as z.ZodType;
    } else {
      return [];
    }
  }
  return current instanceof z.ZodObject ? Object.keys(current.shape) : [];
}
