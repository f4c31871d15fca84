#!/usr/bin/env node
// @ts-check
/**
 * One `cloneDatabase()` of `@pum/dump` in a process of its own:
 *
 *   node clone-child.mjs <template|pipe> <source-database> <target-database>
 *
 * The server and user come from libpq's environment (`PGHOST`, `PGPORT`, `PGUSER`,
 * `PGPASSWORD`), never the command line. Prints one JSON line: the strategy used, the time of
 * the call itself and of loading the modules.
 */

import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

// @pum/dump is a dependency of @pum/cli (this package's): load it, and @pum/connect, from there.
const fromCli = createRequire(createRequire(import.meta.url).resolve('@pum/cli/package.json'));
const dumpPath = fromCli.resolve('@pum/dump');
const connectPath = createRequire(dumpPath).resolve('@pum/connect');
const { cloneDatabase } =
  /** @type {{ cloneDatabase: (options: object) => Promise<{ strategy: string; tables: number }> }} */ (
    await import(pathToFileURL(dumpPath).href)
  );
const { resolveConnection } =
  /** @type {{ resolveConnection: (input: string | undefined, options: object) => object }} */ (
    await import(pathToFileURL(connectPath).href)
  );
const loadedMs = performance.now();

const [strategy, source, target] = process.argv.slice(2);
if ((strategy !== 'template' && strategy !== 'pipe') || !source || !target) {
  console.error('usage: clone-child.mjs <template|pipe> <source-database> <target-database>');
  process.exit(2);
}
const env = process.env;
const started = performance.now();
const result = await cloneDatabase({
  source: resolveConnection(undefined, { env, overrides: { dbname: source } }),
  target: resolveConnection(undefined, { env, overrides: { dbname: target } }),
  strategy,
  env,
  tools: { path: env.PATH, pgDump: env.PG_DUMP_EXE, pgRestore: env.PG_RESTORE_EXE },
});
const cloneMs = performance.now() - started;
process.stdout.write(
  `${JSON.stringify({ strategy: result.strategy, tables: result.tables, loadedMs, cloneMs })}\n`,
);
