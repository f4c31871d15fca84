/**
 * The one error type of pum. Every failure a user can cause or fix carries a stable string
 * `code`; the CLI maps codes to exit codes and to one clear line, and never prints a stack
 * trace for them.
 */

/** Stable error codes. Never renamed once published: tools match on them. */
export const PumErrorCode = {
  /** A value given by the user (option, argument, file content) is invalid. */
  InvalidArgument: 'PUM_INVALID_ARGUMENT',
  /** A version string could not be parsed. */
  InvalidVersion: 'PUM_INVALID_VERSION',
  /** A connection string, URL or conninfo could not be parsed. */
  InvalidConnectionString: 'PUM_INVALID_CONNECTION_STRING',
  /** A libpq service name was not found in any service file. */
  UnknownService: 'PUM_UNKNOWN_SERVICE',
  /** A service or password file could not be read or parsed. */
  InvalidServiceFile: 'PUM_INVALID_SERVICE_FILE',
  /** The server could not be reached or refused the connection. */
  ConnectionFailed: 'PUM_CONNECTION_FAILED',
  /** The server rejected the credentials. */
  AuthenticationFailed: 'PUM_AUTHENTICATION_FAILED',
  /** A file could not be found or read. */
  FileNotFound: 'PUM_FILE_NOT_FOUND',
  /** A file exists but its content is invalid. */
  InvalidFile: 'PUM_INVALID_FILE',
  /** An SQL statement failed on the server. */
  SqlError: 'PUM_SQL_ERROR',
  /** A code delta or hook (JavaScript/TypeScript) threw, or a command hook exited non-zero. */
  DeltaFailed: 'PUM_DELTA_FAILED',
  /** An applied delta file was edited after it was applied. */
  ChecksumMismatch: 'PUM_CHECKSUM_MISMATCH',
  /**
   * The history cannot say what the database holds: a statement run outside a transaction was
   * sent but not recorded as done (the run was killed), so it may or may not have committed.
   */
  HistoryInconsistent: 'PUM_HISTORY_INCONSISTENT',
  /** Another upgrade holds the lock and the deadline passed. */
  LockTimeout: 'PUM_LOCK_TIMEOUT',
  /** An external program (pg_dump, pg_restore, a command hook) is missing or failed. */
  ExternalProgram: 'PUM_EXTERNAL_PROGRAM',
  /** The operation was cancelled through its AbortSignal. */
  Aborted: 'PUM_ABORTED',
  /** The requested operation is not supported (server version, feature). */
  Unsupported: 'PUM_UNSUPPORTED',
  /**
   * A run asked to be strict (`--strict`) had warnings (a grant on a schema that does not exist,
   * …): it stopped before committing them.
   */
  StrictWarnings: 'PUM_STRICT_WARNINGS',
} as const;

/** One of the {@link PumErrorCode} values. */
export type PumErrorCode = (typeof PumErrorCode)[keyof typeof PumErrorCode];

/**
 * A global symbol, so that {@link isPumError} recognises errors created by another installed
 * copy of `@pum/core` (where `instanceof` fails).
 */
const PUM_ERROR_BRAND = Symbol.for('@pum/core/PumError');

/** Options of {@link PumError}. */
export interface PumErrorOptions {
  /** The underlying error (a `pg` `DatabaseError`, a file-system error…), kept structured. */
  cause?: unknown;
  /** What the user can do about it, printed on its own line by the CLI. */
  hint?: string | undefined;
  /** Structured facts about the failure (file, line, object name…), for JSON output. */
  details?: Readonly<Record<string, unknown>> | undefined;
  /**
   * What the failing operation had already changed (committed) in a database before it failed,
   * one line each ("restored table public.pipes", "applied delta 1.2.0/roads.sql"). Empty or
   * absent means nothing was changed; the CLI then may say so, and must not otherwise.
   */
  changed?: readonly string[] | undefined;
}

/**
 * The base error of every pum package.
 *
 * @example
 * ```ts
 * throw new PumError('PUM_UNKNOWN_SERVICE', 'service "qwat_prod" not found in ~/.pg_service.conf', {
 *   hint: 'check the service name or set PGSERVICEFILE',
 * });
 * ```
 */
export class PumError extends Error {
  /** The stable code, one of {@link PumErrorCode}. */
  readonly code: PumErrorCode;
  /** What the user can do about it, when we know. */
  readonly hint: string | undefined;
  /** Structured facts about the failure. */
  readonly details: Readonly<Record<string, unknown>>;
  /** What had been changed (committed) before the failure; empty when nothing was. */
  readonly changed: readonly string[];

  constructor(code: PumErrorCode, message: string, options: PumErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PumError';
    this.code = code;
    this.hint = options.hint;
    this.details = options.details ?? {};
    this.changed = options.changed ?? [];
    Object.defineProperty(this, PUM_ERROR_BRAND, { value: true });
  }
}

/**
 * Whether `value` is a {@link PumError}, also when it comes from another installed copy of
 * `@pum/core`.
 *
 * @example
 * ```ts
 * try { await run(); } catch (error) { if (isPumError(error)) console.error(error.code); }
 * ```
 */
export function isPumError(value: unknown): value is PumError {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as Record<symbol, unknown>)[PUM_ERROR_BRAND] === true &&
    typeof (value as { code?: unknown }).code === 'string'
  );
}
