/** Glue shared by the operations: finding a program for a server, and the run context. */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { type Logger, PumError, PumErrorCode, silentLogger } from '@pum/core';
import { type DumpConnection, secretsOf, toolEnvironment, unpassableSecrets } from './connection.js';
import type { ToolRunOptions } from './options.js';
import type { RunContext } from './process/run-tool.js';
import { findPgTools, type PgTool } from './tools/find-pg-tools.js';
import type { PgToolName } from './tools/tool-locations.js';

/** Find `tool` for a server of `serverMajor`, honouring the explicit settings of `options.tools`. */
export async function locateTool(
  tool: PgToolName,
  serverMajor: number,
  options: ToolRunOptions,
): Promise<PgTool> {
  const tools = options.tools ?? {};
  const explicitPath =
    tool === 'pg_dump' ? tools.pgDump : tool === 'pg_restore' ? tools.pgRestore : tools.psql;
  const logger = options.logger ?? silentLogger;
  const found = await findPgTools({
    tool,
    serverMajor,
    pgBin: tools.pgBin,
    explicitPath,
    path: tools.path,
    platform: tools.platform,
    system: tools.system,
    env: toolEnvironment(undefined, options.env ?? {}),
    logger,
  });
  logger.info(`using ${found.name} ${found.version} (${found.path}) for a PostgreSQL ${serverMajor} server`);
  return found;
}

/** The context of the programs run against `connection`. */
export function runContext(connection: DumpConnection | undefined, options: ToolRunOptions): RunContext {
  const logger = options.logger ?? silentLogger;
  if (connection !== undefined) {
    for (const keyword of unpassableSecrets(connection)) {
      logger.warn(
        `${keyword} cannot be passed to pg_dump, pg_restore or psql without a command line: it is left out`,
      );
    }
  }
  return {
    env: toolEnvironment(connection, options.env ?? {}),
    logger,
    signal: options.signal,
    onSpawn: options.onSpawn,
    connectionLabel: connection?.describe() ?? '',
    secrets: connection === undefined ? [] : secretsOf(connection),
  };
}

/**
 * Check a `jobs` option.
 *
 * @throws {@link PumError} `PUM_INVALID_ARGUMENT` when it is not a positive integer.
 */
export function checkJobs(jobs: number | undefined): number {
  if (jobs === undefined) return 1;
  if (!Number.isInteger(jobs) || jobs < 1) {
    throw new PumError(PumErrorCode.InvalidArgument, `jobs must be a positive integer, got ${jobs}`);
  }
  return jobs;
}

/** Throw `PUM_ABORTED` when the signal already fired. */
export function throwIfAborted(signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted) {
    throw new PumError(PumErrorCode.Aborted, `${what} was cancelled`, { cause: signal.reason });
  }
}

/** A private temporary directory, removed by the returned function. */
export function temporaryDirectory(options: ToolRunOptions): { dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(options.tempDir ?? tmpdir(), 'pum-dump-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The logger of an option bag. */
export function loggerOf(options: { readonly logger?: Logger | undefined }): Logger {
  return options.logger ?? silentLogger;
}
