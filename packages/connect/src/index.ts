/**
 * @packageDocumentation
 * Turn what PostgreSQL users type (URLs, conninfo, service names, PG* environment) into a pg
 * client config and a libpq environment for child processes.
 */

export { childEnvironment } from './child-environment.js';
export type { PgClientConfig } from './client-config.js';
export type { ConnectFileSystem } from './file-system.js';
export { nodeFileSystem } from './file-system.js';
export type { PathPlatform, ResolvedHost } from './hosts.js';
export type { ConnectionKeyword, ConnectionParameters, SslMode } from './keywords.js';
export { connectionKeywords } from './keywords.js';
export { defaultSysconfDirs } from './libpq-files.js';
export { maskConnectionString } from './mask-connection-string.js';
export {
  guardedClientConfig,
  isMissingPasswordError,
  missingPasswordError,
  type PasswordContext,
  withPassword,
} from './missing-password.js';
export type { ParsedConnectionString } from './parse-connection-string.js';
export { parseConnectionString } from './parse-connection-string.js';
export type {
  ConnectionOverrides,
  ParameterSource,
  ResolveConnectionOptions,
  ResolvedConnection,
} from './resolve-connection.js';
export { resolveConnection } from './resolve-connection.js';
export type { PgSslConfig } from './ssl.js';
export type { ToConninfoOptions } from './to-conninfo.js';
export { toConninfo } from './to-conninfo.js';
