/**
 * @packageDocumentation
 * Errors, logging, identifier quoting and version comparison shared by every pum package.
 */

export type { PumErrorOptions } from './errors.js';
export { isPumError, PumError, PumErrorCode } from './errors.js';
export type { Logger, LogLevel } from './logger.js';
export { silentLogger } from './logger.js';
export type { Queryable, QueryResultLike } from './queryable.js';
export { parseQualifiedName, qualifiedName, quoteIdent, quoteLiteral } from './quote.js';
export { flushDirectory, flushFile, replaceFile, temporaryBeside, writtenPath } from './replace-file.js';
export type { Version } from './version.js';
export { compareVersions, isVersion, parseVersion } from './version.js';
