/**
 * libpq password files (`~/.pgpass`): `hostname:port:database:username:password` lines,
 * `*` matching anything in the first four fields, `\:` and `\\` escapes, `#` comment lines,
 * first matching line wins. Matching follows libpq's `passwordFromFile` character for
 * character.
 */

import type { ConnectFileSystem } from './file-system.js';

/** What a password line is matched against. */
export interface PasswordTarget {
  /** Host names to try (a line matches when its host field matches any of them). */
  readonly hosts: readonly string[];
  readonly port: string;
  readonly dbname: string;
  readonly user: string;
}

/**
 * libpq's `pwdfMatchesString`: the index after the field's `:` when the field at `start`
 * matches `token`, else -1.
 */
function matchField(line: string, start: number, token: string): number {
  if (line[start] === '*' && line[start + 1] === ':') return start + 2;
  let index = start;
  let matched = 0;
  let escaped = false;
  while (index < line.length) {
    if (line[index] === '\\' && !escaped) {
      index++;
      escaped = true;
    }
    if (line[index] === ':' && matched === token.length && !escaped) return index + 1;
    escaped = false;
    if (matched === token.length) return -1;
    if (line[index] === token[matched]) {
      index++;
      matched++;
    } else {
      return -1;
    }
  }
  return -1;
}

function readPassword(line: string, start: number): string {
  let password = '';
  for (let index = start; index < line.length && line[index] !== ':'; index++) {
    if (line[index] === '\\' && index + 1 < line.length) index++;
    password += line[index];
  }
  return password;
}

/**
 * The password of the first line of a password file matching `target`, `undefined` when no
 * line matches. An empty password field counts as "no password", as in libpq.
 *
 * @example
 * ```ts
 * findPassword('db.example:*:qwat:me:s3cr\\:et\n', {
 *   hosts: ['db.example'], port: '5432', dbname: 'qwat', user: 'me',
 * }); // 's3cr:et'
 * ```
 */
export function findPassword(content: string, target: PasswordTarget): string | undefined {
  for (const rawLine of content.split('\n')) {
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    if (line === '' || line.startsWith('#')) continue;
    for (const host of target.hosts) {
      let index = matchField(line, 0, host);
      if (index !== -1) index = matchField(line, index, target.port);
      if (index !== -1) index = matchField(line, index, target.dbname);
      if (index !== -1) index = matchField(line, index, target.user);
      if (index === -1) continue;
      const password = readPassword(line, index);
      return password === '' ? undefined : password;
    }
  }
  return undefined;
}

const S_IFMT = 0o170000;
const S_IFREG = 0o100000;

/** The outcome of {@link readPasswordFile}. */
export interface PasswordFileResult {
  readonly password: string | undefined;
  /** Why the file was skipped, as libpq warns (bad permissions, not a plain file). */
  readonly warning?: string;
}

/**
 * Look `target` up in the password file at `path`. As libpq does, a missing or unreadable
 * file is silently ignored, and on Unix a file that is not a plain file or that group or
 * others can access is ignored with a warning.
 */
export function readPasswordFile(
  path: string,
  target: PasswordTarget,
  fs: ConnectFileSystem,
  checkPermissions: boolean,
): PasswordFileResult {
  let content: string | undefined;
  try {
    content = fs.readFile(path);
  } catch {
    return { password: undefined };
  }
  if (content === undefined) return { password: undefined };
  if (checkPermissions && fs.fileMode !== undefined) {
    let mode: number | undefined;
    try {
      mode = fs.fileMode(path);
    } catch {
      mode = undefined;
    }
    if (mode !== undefined && (mode & S_IFMT) !== S_IFREG) {
      return { password: undefined, warning: `password file "${path}" is not a plain file; it was ignored` };
    }
    if (mode !== undefined && (mode & 0o077) !== 0) {
      return {
        password: undefined,
        warning: `password file "${path}" has group or world access; permissions should be u=rw (0600) or less; it was ignored`,
      };
    }
  }
  return { password: findPassword(content, target) };
}
