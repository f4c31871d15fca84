/**
 * @packageDocumentation
 * Dump, restore and clone PostgreSQL databases with pg_dump and pg_restore, safely: the
 * password only in the child's environment, client programs checked against the server,
 * excluded schemas applied the same way when dumping and restoring, and PostGIS dumps that
 * restore into databases which already have PostGIS.
 */

export type { ArchiveFormat } from './archive/archive-format.js';
export { detectArchiveFormat } from './archive/archive-format.js';
export type { ArchiveInfo } from './archive/archive-list.js';
export type { SkippedEntry, SkipReason } from './archive/restore-plan.js';
export { type CloneOptions, type CloneResult, type CloneStrategy, cloneDatabase } from './clone-database.js';
export type { DumpConnection } from './connection.js';
export { type CreateDatabaseOptions, commentOnDatabase, createDatabase } from './create-database.js';
export {
  type DatabaseIdentity,
  databaseIdentity,
  describeIdentity,
  sameDatabase,
  sameServer,
} from './database-identity.js';
export { type DropDatabaseOptions, type DropDatabaseResult, dropDatabase } from './drop-database.js';
export { type DumpFormat, type DumpOptions, type DumpResult, dumpDatabase } from './dump-database.js';
export type { ToolRunOptions } from './options.js';
export type { DumpProgressEvent } from './process/progress.js';
export type { SpawnedProcess } from './process/run-tool.js';
export { type RestoreOptions, type RestoreResult, restoreDatabase } from './restore-database.js';
export {
  formatScratchMark,
  listScratchDatabases,
  parseScratchMark,
  runApplicationName,
  type ScratchDatabase,
  type ScratchMark,
} from './scratch-mark.js';
export type { ExtensionDataMerge } from './server/merge-extension-data.js';
export type { DatabaseSession } from './server/sessions.js';
export {
  type FindPgToolsOptions,
  findPgTools,
  type PgTool,
  type PgToolsOptions,
} from './tools/find-pg-tools.js';
export type { PgToolName, ToolSource } from './tools/tool-locations.js';
export { nodeToolSystem, type ToolSystem } from './tools/tool-system.js';
export { parseToolVersion, type ToolVersion } from './tools/tool-version.js';
