/**
 * @packageDocumentation
 * Errors, logging, identifier quoting and version comparison shared by every pum package.
 */

export { PumError, PumErrorCode, isPumError } from './errors.js';
export type { PumErrorOptions } from './errors.js';
export { silentLogger } from './logger.js';
export type { LogLevel, Logger } from './logger.js';
export type { Queryable, QueryResultLike } from './queryable.js';
export { parseQualifiedName, qualifiedName, quoteIdent, quoteLiteral } from './quote.js';
export { compareVersions, isVersion, parseVersion } from './version.js';
export type { Version } from './version.js';
