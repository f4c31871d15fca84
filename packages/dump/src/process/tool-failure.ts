/**
 * A failed pg_dump / pg_restore / psql run as one clear error: which program, how it ended,
 * the lines of its stderr that explain why (not the progress chatter), and whether it could
 * not even connect — a login refused is `PUM_AUTHENTICATION_FAILED`, an unreachable server
 * `PUM_CONNECTION_FAILED`. Secrets are scrubbed from every line.
 */

import { PumError, PumErrorCode } from '@pum/core';
import type { PgToolName } from '../tools/tool-locations.js';

/** How many explaining lines an error keeps (in `details.stderr`); the message shows fewer. */
const KEPT_LINES = 40;
const SHOWN_LINES = 12;
const MAX_LINE = 400;

// `pg_restore: error: …`, `pg_dump: warning: …`, `pg_restore: detail: …`, and the TOC entry
// an error comes from; everything else prefixed by the program is progress.
const EXPLAINING =
  /^(?:pg_dump|pg_restore|psql)(?::[^:\s]+)*: (?:error|warning|detail|hint|from TOC entry)\b/i;
const PREFIXED = /^(?:pg_dump|pg_restore|psql)(?::[^:\s]+)*: /;
// libpq's own connection failure, old and new wording.
const CONNECTION_FAILED =
  /connection to (?:server|database) .* failed|could not connect to (?:server|database)|could not translate host name|no pg_hba\.conf entry|Connection refused/i;
const AUTHENTICATION_FAILED =
  /authentication failed|no password supplied|password|pg_hba\.conf rejects|no pg_hba\.conf entry|role ".*" does not exist|permission denied for database|SSL error|certificate/i;

/**
 * The stderr lines that explain a failure: error, warning, detail and hint lines, the TOC
 * entry they come from, and the unprefixed lines that continue them (`Command was: …`,
 * server `DETAIL:` lines). Progress lines are dropped.
 *
 * @example
 * ```ts
 * explainingLines(['pg_restore: creating TABLE "a.b"', 'pg_restore: error: could not execute query: ERROR:  x', 'Command was: CREATE …']);
 * // ['pg_restore: error: could not execute query: ERROR:  x', 'Command was: CREATE …']
 * ```
 */
export function explainingLines(lines: readonly string[]): string[] {
  const kept: string[] = [];
  let continuing = false;
  for (const line of lines) {
    if (PREFIXED.test(line)) continuing = EXPLAINING.test(line);
    else if (line.trim() === '') continue;
    if (continuing) kept.push(line.length > MAX_LINE ? `${line.slice(0, MAX_LINE)}…` : line);
  }
  return kept.length > KEPT_LINES
    ? [...kept.slice(0, KEPT_LINES - 1), `… ${kept.length - KEPT_LINES + 1} more lines`]
    : kept;
}

/** Replace each secret by `***` (only secrets long enough not to mangle ordinary words). */
export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 4) out = out.replaceAll(secret, '***');
  return out;
}

/** How a program ended. */
export interface ToolExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** What {@link toolFailure} needs to know about the run. */
export interface ToolFailureContext {
  readonly tool: PgToolName;
  readonly path: string;
  /** What the program was doing, for the message: `dumping postgresql://me@db/qwat`. */
  readonly doing: string;
  /** The connection, as shown to users (no password). */
  readonly connectionLabel: string;
  readonly secrets: readonly string[];
}

/**
 * The error for a program that exited non-zero (or was killed).
 *
 * @example
 * ```ts
 * throw toolFailure({ code: 1, signal: null }, stderrLines, {
 *   tool: 'pg_restore', path, doing: 'restoring qwat.backup', connectionLabel, secrets,
 * });
 * ```
 */
export function toolFailure(
  exit: ToolExit,
  stderr: readonly string[],
  context: ToolFailureContext,
): PumError {
  const lines = explainingLines(stderr.map((line) => scrub(line, context.secrets)));
  const how = exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
  const details = {
    tool: context.tool,
    path: context.path,
    exitCode: exit.code,
    signal: exit.signal,
    stderr: lines,
  };
  const connectLine = lines.find((line) => CONNECTION_FAILED.test(line));
  if (connectLine !== undefined) {
    const reason = connectLine.replace(PREFIXED, '').replace(/^error: /, '');
    if (AUTHENTICATION_FAILED.test(connectLine)) {
      return new PumError(
        PumErrorCode.AuthenticationFailed,
        `${context.tool} cannot log in to ${context.connectionLabel}: ${reason}`,
        { hint: 'check the user and password (URL, service file, ~/.pgpass or PGPASSWORD)', details },
      );
    }
    return new PumError(
      PumErrorCode.ConnectionFailed,
      `${context.tool} cannot connect to ${context.connectionLabel}: ${reason}`,
      { hint: 'is the server running and reachable? check host, port and sslmode', details },
    );
  }
  const shown = lines.slice(0, SHOWN_LINES);
  const more =
    lines.length > shown.length ? `\n  … (${lines.length - shown.length} more lines in details.stderr)` : '';
  const quoted = shown.length > 0 ? `:\n  ${shown.join('\n  ')}${more}` : ' without explaining why';
  return new PumError(
    PumErrorCode.ExternalProgram,
    `${context.tool} ${how} while ${context.doing}${quoted}`,
    {
      hint: failureHint(lines),
      details,
    },
  );
}

/** A hint for well-known failures. */
function failureHint(lines: readonly string[]): string | undefined {
  const text = lines.join('\n');
  if (/unsupported version \([\d.]+\) in file header/.test(text)) {
    return 'the archive was written by a newer pg_dump: use a pg_restore of that version or newer';
  }
  if (/server version mismatch/.test(text)) return "use a pg_dump of the server's major version or newer";
  if (/role ".*" does not exist/.test(text)) {
    return 'create the roles that own the objects first, or restore without owners (noOwner)';
  }
  if (/max_locks_per_transaction/.test(text)) {
    return 'one transaction needs a lock per object restored: raise max_locks_per_transaction, or restore without one transaction (singleTransaction: false, pum restore --no-single-transaction, or jobs)';
  }
  if (/must be owner of/.test(text))
    return 'restore as the owner of these objects or a superuser, or use noOwner';
  return undefined;
}
