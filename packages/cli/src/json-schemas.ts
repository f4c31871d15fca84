/**
 * The documented shape of every command's `--json` output, as zod schemas. Commands import
 * only their types (nothing of zod reaches `pum`'s start-up); the published JSON Schemas
 * (`@pum/cli/schemas/<command>.schema.json`) are generated from them and kept in sync by a test;
 * `pum check` prints `@pum/diff`'s report, whose schema that package publishes.
 */
import { DiffReportSchema } from '@pum/diff';
import { z } from 'zod';
import { JSON_FORMAT_VERSION } from './json-output.js';
import { LocalJsonSchema } from './local/local-json.js';

const header = <C extends string>(command: C) => ({
  command: z.literal(command),
  formatVersion: z.literal(JSON_FORMAT_VERSION),
});
const table = z.object({ schema: z.string(), name: z.string() });
const appliedFile = z.object({
  path: z.string(),
  version: z.string().optional().describe('absent for files run on every upgrade (hooks, pre-all, post-all)'),
  kind: z.string(),
  ms: z.number(),
});
const tool = z.object({ path: z.string(), version: z.string(), major: z.number(), minor: z.number() });
/** A warning of an install or upgrade (`--strict` makes any an error). */
const runWarning = z.object({
  code: z.string().describe('PUM_GRANT_SCHEMA_MISSING, PUM_DEPENDENCY_UNCHECKED, …'),
  message: z.string(),
  path: z.string().optional().describe('the file it arose in, e.g. .pum.yaml#grants'),
  details: z
    .record(z.string(), z.unknown())
    .optional()
    .describe('e.g. { role, permission, schema } of a skipped grant'),
});
/** What another run did while this one waited for the lock (this run applied nothing). */
const otherRun = z
  .object({
    version: z.string().nullable().describe("the module's version now"),
    at: z.string().nullable().describe('when the other run finished its last file (ISO 8601)'),
    applied: z.array(z.object({ path: z.string(), version: z.string().nullable() })),
  })
  .describe('set when another run did the work while this one waited for the lock; applied is then []');

/** `pum upgrade --json` and `pum install --json`. */
export const UpgradeJsonSchema = z.object({
  ...header('upgrade'),
  module: z.string(),
  table,
  adopted: z.number().describe('rows of a PUM history table adopted by this run'),
  applied: z.array(appliedFile),
  warnings: z.array(runWarning),
  otherRun: otherRun.optional(),
  durationMs: z.number(),
});

/** `pum upgrade --dry-run --json`. */
export const UpgradeDryRunJsonSchema = z.object({
  ...header('upgrade'),
  dryRun: z.literal(true),
  toRun: z.array(
    z.object({
      path: z.string(),
      version: z.string().nullable(),
      kind: z.string(),
      runs: z.enum(['transaction', 'self', 'statements', 'code', 'command']),
      sql: z
        .string()
        .describe('the SQL after substitution; the source of a code delta; the command of a hook'),
    }),
  ),
});

/** `pum install --json`. */
export const InstallJsonSchema = z.object({
  ...header('install'),
  module: z.string(),
  table,
  applied: z.array(appliedFile),
  warnings: z.array(runWarning),
  otherRun: otherRun.optional(),
  durationMs: z.number(),
});

/** `pum info --json` (and `pum status --json`). */
export const InfoJsonSchema = z.object({
  ...header('info'),
  database: z.string(),
  table,
  tableExists: z.boolean(),
  adopting: table.nullable().describe('a PUM history table read alongside ours'),
  currentVersion: z.string().nullable(),
  baselineVersion: z.string().nullable(),
  files: z.array(
    z.object({
      path: z.string(),
      version: z.string().nullable(),
      kind: z.string(),
      status: z.enum(['applied', 'pending', 'changed', 'failed', 'always', 'skipped', 'unrecorded']),
      reason: z.string().optional(),
      interrupted: z
        .boolean()
        .optional()
        .describe('failed only: its run was cancelled and rolled back; pending, not inconsistent'),
    }),
  ),
  missing: z.array(
    z.object({
      version: z.string().nullable(),
      name: z.string(),
      kind: z.string(),
      path: z.string().nullable(),
    }),
  ),
  upToDate: z.boolean(),
});

/** `pum baseline --json`. */
export const BaselineJsonSchema = z.object({
  ...header('baseline'),
  database: z.string(),
  baseline: z.string(),
});

/** `pum repair --json`. */
export const RepairJsonSchema = z.object({
  ...header('repair'),
  database: z.string(),
  repaired: z.array(z.string()).describe('paths whose new checksum was accepted'),
});

/** `pum dump --json`. */
export const DumpJsonSchema = z.object({
  ...header('dump'),
  database: z.string(),
  file: z.string(),
  format: z.enum(['custom', 'directory', 'plain']),
  tables: z.number(),
  serverMajor: z.number(),
  tool,
});

/** `pum restore --json`. */
export const RestoreJsonSchema = z.object({
  ...header('restore'),
  database: z.string(),
  file: z.string(),
  format: z.enum(['custom', 'directory', 'tar', 'plain']),
  tables: z.number(),
  skipped: z.array(
    z.object({
      id: z.number(),
      type: z.string(),
      name: z.string(),
      reason: z.enum(['excluded-schema', 'existing-extension', 'extension-data']),
    }),
  ),
  extensionData: z.array(
    z.union([
      z.object({
        kind: z.literal('table'),
        schema: z.string(),
        name: z.string(),
        rows: z.number(),
        present: z.number(),
        inserted: z.number(),
        conflicting: z.number(),
      }),
      z.object({
        kind: z.literal('sequence'),
        sequence: z.string(),
        value: z.string(),
        advanced: z.boolean(),
      }),
    ]),
  ),
  ignoredErrors: z.array(z.string()),
  warnings: z.array(z.string()),
  tool,
});

/** `pum test-and-upgrade --json`. */
export const TestAndUpgradeJsonSchema = z.object({
  ...header('test-and-upgrade'),
  outcome: z.enum(['up-to-date', 'upgraded', 'differences', 'declined']),
  production: z.string(),
  test: z.object({
    database: z.string(),
    created: z.boolean().describe('a temporary database pum created (and drops unless kept)'),
    kept: z.boolean(),
    copiedBy: z.string().optional().describe('template, pipe or dump file'),
  }),
  comparison: z.object({
    source: z.string(),
    created: z.boolean(),
    server: z
      .string()
      .optional()
      .describe("where a fresh reference was built: a throwaway server, or production's"),
  }),
  pending: z.array(z.string()),
  testUpgrade: z.array(appliedFile).optional(),
  differences: DiffReportSchema.optional(),
  productionUpgrade: z.array(appliedFile).optional(),
});

/** `pum demo --json`: the tour's steps and the commands each ran. */
export const DemoJsonSchema = z.object({
  ...header('demo'),
  ok: z.boolean().describe('every step succeeded'),
  server: z.string().describe('the throwaway server: engine, version, programs'),
  serverDir: z.string().describe('where its files were (removed at the end)'),
  example: z.string().describe('the example data model installed'),
  steps: z.array(z.object({ title: z.string(), commands: z.array(z.string()) })),
  dumpRestore: z.enum(['done', 'skipped']).describe('skipped when no pg_dump fits the server'),
});

const planStep = z.object({
  sql: z.string(),
  object: z.string().describe('key of the object the step touches, e.g. column:qwat_od.pipe.geometry'),
  action: z.enum(['create', 'alter', 'drop']),
  transactional: z.boolean().describe('false for steps written to the -- pum:no-transaction file'),
  hazards: z.array(
    z.enum(['data-loss', 'table-rewrite', 'access-exclusive-lock', 'non-transactional', 'manual']),
  ),
  reason: z.string().optional().describe('why a step is there when the object itself did not change'),
});

/** `pum diff --json`: the migration plan. */
export const DiffJsonSchema = z.object({
  ...header('diff'),
  from: z.string(),
  to: z.string(),
  complete: z.boolean().describe('running the steps makes FROM equal to TO: nothing withheld or unplanned'),
  steps: z.array(planStep),
  withheld: z.array(
    planStep.extend({
      withheld: z
        .enum(['destructive', 'never'])
        .describe('destructive: needs --allow-destructive; never: pum never drops PostGIS'),
    }),
  ),
  unsupported: z.array(z.object({ object: z.string(), message: z.string() })),
  files: z.array(z.string()).describe('delta files written with --dir'),
  verification: z
    .object({
      verified: z.boolean(),
      server: z.string(),
      problem: z.string().optional(),
      differences: z.array(z.string()),
    })
    .optional()
    .describe('the proof of --verify'),
});

/**
 * What any command given `--json` (or `--format json`) writes on stdout when it fails: one
 * object, instead of its usual output.
 */
export const ErrorJsonSchema = z.object({
  command: z.string().describe('the command that failed: check, upgrade, local up…'),
  formatVersion: z.literal(JSON_FORMAT_VERSION),
  ok: z.literal(false),
  error: z.object({
    code: z
      .string()
      .describe(
        'a PumError code (PUM_CONNECTION_FAILED…); PUM_USAGE for a rejected command line, PUM_INTERNAL for a bug',
      ),
    message: z.string(),
    hint: z.string().nullable(),
    details: z.record(z.string(), z.unknown()).describe('what the error knows: path, line, SQL position…'),
  }),
  exitCode: z.number().describe('the exit code of the run (see pum --help)'),
  changed: z
    .array(z.string())
    .describe('what the command had committed before it failed; empty when nothing was changed'),
});

/**
 * `pum upgrade --json` over several databases (`--db` repeated, `--targets`): one entry per
 * database, in the order given.
 */
export const UpgradeManyJsonSchema = z.object({
  ...header('upgrade'),
  exitCode: z.number().describe('the worst exit code of the databases: the exit code of the run'),
  databases: z.array(
    z.object({
      database: z.string().describe('as given, password masked'),
      name: z.string().describe('its name in the output and the log file name'),
      origin: z.string().describe('--db, or FILE:LINE of --targets'),
      started: z.boolean().describe('false when --fail-fast or an interruption kept it from starting'),
      status: z.string().describe('upgraded, up to date, delta failed (exit 5), not started…'),
      exitCode: z.number().describe('what pum upgrade --db for it alone would have exited with'),
      fromVersion: z.string().nullable(),
      toVersion: z.string().nullable(),
      applied: z.number().describe('files this run applied (committed also when a later one failed)'),
      durationMs: z.number(),
      log: z.string().nullable().describe('its log file, with --log-dir'),
      result: z
        .union([UpgradeJsonSchema, UpgradeDryRunJsonSchema, ErrorJsonSchema])
        .nullable()
        .describe("its own pum upgrade --json document (or the error's); null when not started"),
    }),
  ),
});

/** Every schema, by the name of its published file (`schemas/<name>.schema.json`). */
export const JSON_SCHEMAS = {
  upgrade: z.union([UpgradeJsonSchema, UpgradeDryRunJsonSchema, UpgradeManyJsonSchema]),
  install: InstallJsonSchema,
  info: InfoJsonSchema,
  baseline: BaselineJsonSchema,
  repair: RepairJsonSchema,
  dump: DumpJsonSchema,
  restore: RestoreJsonSchema,
  'test-and-upgrade': TestAndUpgradeJsonSchema,
  demo: DemoJsonSchema,
  diff: DiffJsonSchema,
  local: LocalJsonSchema,
  error: ErrorJsonSchema,
} as const;

/** The JSON Schema (draft 2020-12) of one command's output. */
export function jsonSchemaOf(name: keyof typeof JSON_SCHEMAS): Record<string, unknown> {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: name === 'error' ? 'pum <command> --json, when the command fails' : `pum ${name} --json`,
    ...z.toJSONSchema(JSON_SCHEMAS[name], { unrepresentable: 'any', io: 'input' }),
  };
}

export type UpgradeJson = z.input<typeof UpgradeJsonSchema>;
export type UpgradeDryRunJson = z.input<typeof UpgradeDryRunJsonSchema>;
export type UpgradeManyJson = z.input<typeof UpgradeManyJsonSchema>;
export type InstallJson = z.input<typeof InstallJsonSchema>;
export type InfoJson = z.input<typeof InfoJsonSchema>;
export type BaselineJson = z.input<typeof BaselineJsonSchema>;
export type RepairJson = z.input<typeof RepairJsonSchema>;
export type DumpJson = z.input<typeof DumpJsonSchema>;
export type RestoreJson = z.input<typeof RestoreJsonSchema>;
export type TestAndUpgradeJson = z.input<typeof TestAndUpgradeJsonSchema>;
export type DemoJson = z.input<typeof DemoJsonSchema>;
export type DiffJson = z.input<typeof DiffJsonSchema>;
export type ErrorJson = z.input<typeof ErrorJsonSchema>;
