/**
 * Finding a `pg_dump`, `pg_restore` or `psql` fit for a server: the program must be of the
 * server's major version or newer (pg_dump refuses newer servers, and an older pg_restore may
 * not read the archive). Among the fit ones the newest is chosen.
 */

import { type Logger, PumError, PumErrorCode, silentLogger } from '@pum/core';
import { installHint } from './install-hint.js';
import {
  describeSearchedPlaces,
  type PgToolName,
  pathRules,
  programFile,
  searchCandidates,
  type ToolCandidate,
  type ToolSource,
} from './tool-locations.js';
import { nodeToolSystem, type ToolSystem } from './tool-system.js';
import { compareToolVersions, parseToolVersion, type ToolVersion } from './tool-version.js';

/**
 * Where to look for PostgreSQL client programs. Shared by {@link dumpDatabase},
 * {@link restoreDatabase} and {@link cloneDatabase}. Libraries never read `process.env`: pass
 * `PATH` and PUM's `PG_DUMP_EXE` / `PG_RESTORE_EXE` values here.
 *
 * @example
 * ```ts
 * const tools: PgToolsOptions = {
 *   path: process.env.PATH,
 *   pgDump: process.env.PG_DUMP_EXE,
 *   pgRestore: process.env.PG_RESTORE_EXE,
 * };
 * ```
 */
export interface PgToolsOptions {
  /**
   * A directory holding `pg_dump`, `pg_restore` and `psql`. When given, it is the only place
   * searched (besides an explicit path of the program): a user's choice is never second-guessed.
   */
  readonly pgBin?: string | undefined;
  /** The path of `pg_dump` (PUM's `PG_DUMP_EXE`). When given, no search is made. */
  readonly pgDump?: string | undefined;
  /** The path of `pg_restore` (PUM's `PG_RESTORE_EXE`). When given, no search is made. */
  readonly pgRestore?: string | undefined;
  /** The path of `psql`. When given, no search is made. */
  readonly psql?: string | undefined;
  /** The value of `PATH` to search. Default: none (only the usual installation directories). */
  readonly path?: string | undefined;
  /** The platform whose paths and installation directories apply. Default `process.platform`. */
  readonly platform?: NodeJS.Platform | undefined;
  /** File and process access. Default {@link nodeToolSystem}. */
  readonly system?: ToolSystem | undefined;
}

/**
 * Options of {@link findPgTools}.
 *
 * @example
 * ```ts
 * const options: FindPgToolsOptions = { tool: 'pg_restore', serverMajor: 16, path: process.env.PATH };
 * ```
 */
export interface FindPgToolsOptions {
  /** The program to find. */
  readonly tool: PgToolName;
  /** The major version of the server it will talk to (`17`, or `9.6`). */
  readonly serverMajor: number;
  /** A directory to use instead of searching (see {@link PgToolsOptions.pgBin}). */
  readonly pgBin?: string | undefined;
  /** The program's exact path (PUM's `PG_DUMP_EXE` / `PG_RESTORE_EXE`); no search is made. */
  readonly explicitPath?: string | undefined;
  /** The value of `PATH`. Default: none. */
  readonly path?: string | undefined;
  /** Default `process.platform`. */
  readonly platform?: NodeJS.Platform | undefined;
  /** Default {@link nodeToolSystem}. */
  readonly system?: ToolSystem | undefined;
  /** The environment `--version` runs with. Default `{}`. */
  readonly env?: Readonly<Record<string, string>> | undefined;
  /** Receives one `debug` line per candidate. Default: silent. */
  readonly logger?: Logger | undefined;
}

/**
 * A PostgreSQL client program found on the machine.
 *
 * @example
 * ```ts
 * const tool: PgTool = await findPgTools({ tool: 'pg_dump', serverMajor: 15 });
 * `${tool.name} ${tool.version} (${tool.path})`; // 'pg_dump 17.2 (/usr/lib/postgresql/17/bin/pg_dump)'
 * ```
 */
export interface PgTool extends ToolVersion {
  readonly name: PgToolName;
  /** The path it runs from. */
  readonly path: string;
  /** How it was found: given explicitly, in `pgBin`, on `PATH`, or in a usual installation directory. */
  readonly source: ToolSource;
}

/** A candidate that answered `--version` (or did not), for messages and details. */
interface Inspected {
  readonly candidate: ToolCandidate;
  readonly version: ToolVersion | undefined;
}

/**
 * Find `pg_dump`, `pg_restore` or `psql` for a server of major version `serverMajor`.
 *
 * With `explicitPath` and/or `pgBin`, only those are considered. Otherwise every `PATH` entry
 * and the usual installation directories are searched (`/usr/lib/postgresql/*\/bin`,
 * `/usr/pgsql-*\/bin`, Homebrew's `/opt/homebrew/opt/postgresql@*\/bin`,
 * `/usr/local/opt/postgresql@*\/bin` and `/opt/homebrew/bin`, Postgres.app,
 * `C:\Program Files\PostgreSQL\*\bin`); wrappers that are links to a program of another name
 * (Debian's `pg_wrapper`) are skipped, since the programs they choose between are found
 * directly. Each candidate's `--version` is read; among those of major `serverMajor` or newer,
 * the newest wins (ties: the first found).
 *
 * @throws {@link PumError} `PUM_EXTERNAL_PROGRAM` when no candidate fits, naming what was
 *   found (paths and versions) and what to install (`apt install postgresql-client-17`).
 * @example
 * ```ts
 * const pgDump = await findPgTools({ tool: 'pg_dump', serverMajor: 17, path: process.env.PATH });
 * console.log(`using ${pgDump.path} (${pgDump.version})`);
 * ```
 */
export async function findPgTools(options: FindPgToolsOptions): Promise<PgTool> {
  const platform = options.platform ?? process.platform;
  const system = options.system ?? nodeToolSystem;
  const logger = options.logger ?? silentLogger;
  const explicit: ToolCandidate[] = [];
  if (options.explicitPath) explicit.push({ file: options.explicitPath, source: 'explicit' });
  if (options.pgBin) {
    explicit.push({
      file: pathRules(platform).join(options.pgBin, programFile(options.tool, platform)),
      source: 'pgBin',
    });
  }
  const searching = explicit.length === 0;
  const candidates = searching
    ? searchCandidates(options.tool, { path: options.path, platform, system })
    : explicit;

  const seen = new Set<string>();
  const inspected: Inspected[] = [];
  for (const candidate of candidates) {
    if (!system.isExecutable(candidate.file)) continue;
    const real = system.realPath(candidate.file);
    if (seen.has(real)) continue;
    seen.add(real);
    const base = pathRules(platform).basename(real).toLowerCase();
    if (searching && base !== programFile(options.tool, platform).toLowerCase()) {
      logger.debug(`${candidate.file}: skipped, a link to ${real}`);
      continue;
    }
    const version = parseToolVersion((await system.readVersion(candidate.file, options.env ?? {})) ?? '');
    logger.debug(`${candidate.file}: ${version ? version.version : 'no version'}`);
    inspected.push({ candidate, version });
  }

  let best: { candidate: ToolCandidate; version: ToolVersion } | undefined;
  for (const { candidate, version } of inspected) {
    if (version === undefined || version.major < options.serverMajor) continue;
    if (best === undefined || compareToolVersions(version, best.version) > 0) best = { candidate, version };
  }
  if (best) {
    return {
      name: options.tool,
      path: best.candidate.file,
      source: best.candidate.source,
      ...best.version,
    };
  }
  throw noFitError(options.tool, options.serverMajor, platform, inspected, searching ? undefined : explicit);
}

function noFitError(
  tool: PgToolName,
  serverMajor: number,
  platform: NodeJS.Platform,
  inspected: readonly Inspected[],
  explicit: readonly ToolCandidate[] | undefined,
): PumError {
  const found = inspected.map(({ candidate, version }) => ({
    path: candidate.file,
    version: version?.version ?? null,
  }));
  const details = {
    tool,
    serverMajor,
    found,
    searched: explicit?.map((c) => c.file) ?? describeSearchedPlaces(platform),
  };
  const hint = installHint(tool, Math.ceil(serverMajor), platform);
  if (inspected.length === 0) {
    const where = explicit
      ? `at ${explicit.map((c) => c.file).join(' or ')}`
      : `(looked in ${describeSearchedPlaces(platform).join(', ')})`;
    return new PumError(PumErrorCode.ExternalProgram, `${tool} not found ${where}`, { hint, details });
  }
  const list = inspected
    .map(({ candidate, version }) => `${version ? version.version : 'unknown version'} (${candidate.file})`)
    .join(', ');
  return new PumError(
    PumErrorCode.ExternalProgram,
    `no ${tool} fit for the PostgreSQL ${serverMajor} server: it must be version ${serverMajor} or newer, found ${list}`,
    { hint, details },
  );
}
