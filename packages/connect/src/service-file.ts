/**
 * libpq service files (`pg_service.conf`): `[name]` sections of `keyword=value` lines, `#`
 * comments, blank lines ignored, the first file holding the service wins, and inside a
 * section the first occurrence of a keyword wins. Read as libpq's `parseServiceFile`
 * does: only the lines of the wanted section are checked, and reading stops at the next
 * section. One extension: `keyword = value` (blanks around `=`) is accepted; libpq calls
 * it a syntax error, so no file that works with libpq changes meaning.
 */

import { PumError, PumErrorCode } from '@pum/core';
import type { ConnectFileSystem } from './file-system.js';
import { type ConnectionKeyword, isConnectionKeyword, suggestKeyword } from './keywords.js';

/** One `keyword=value` line of a service section. */
export interface ServiceEntry {
  readonly keyword: ConnectionKeyword;
  readonly value: string;
  /** 1-based line number in the file. */
  readonly line: number;
}

/** What one service file says about one service. */
export interface ServiceSection {
  /** Whether the file has a `[name]` section for the service. */
  readonly found: boolean;
  /** The section's lines, in file order (empty when not found). */
  readonly entries: readonly ServiceEntry[];
  /** Every section name in the file, for "did you mean" hints. */
  readonly services: readonly string[];
}

const isSpace = (char: string | undefined): boolean =>
  char === ' ' || char === '\t' || char === '\n' || char === '\r' || char === '\v' || char === '\f';

function trimSpaces(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isSpace(text[start])) start++;
  while (end > start && isSpace(text[end - 1])) end--;
  return text.slice(start, end);
}

function serviceFileError(
  file: string,
  line: number,
  message: string,
  hint: string,
  keyword?: string,
): PumError {
  return new PumError(PumErrorCode.InvalidServiceFile, `${file}:${line}: ${message}`, {
    hint,
    details: { file, line, ...(keyword === undefined ? {} : { keyword }) },
  });
}

/**
 * Read the section of `service` from the text of a service file named `file`.
 *
 * @throws PumError `PUM_INVALID_SERVICE_FILE` naming `file:line` for a malformed line, an
 *   unknown keyword, a nested `service=` or an LDAP lookup line in that section.
 *
 * @example
 * ```ts
 * readServiceSection('[qwat]\nhost=db\nport=5433\n', 'pg_service.conf', 'qwat').entries;
 * // [{ keyword: 'host', value: 'db', line: 2 }, { keyword: 'port', value: '5433', line: 3 }]
 * ```
 */
export function readServiceSection(content: string, file: string, service: string): ServiceSection {
  const lines = content.replace(/^\uFEFF/, '').split('\n');
  const entries: ServiceEntry[] = [];
  const services: string[] = [];
  let inService = false;
  let found = false;

  for (let index = 0; index < lines.length; index++) {
    const lineNumber = index + 1;
    const line = trimSpaces(lines[index] as string);
    if (line === '' || line.startsWith('#')) continue;

    if (line.startsWith('[')) {
      const close = line.indexOf(']');
      if (close > 1) services.push(line.slice(1, close));
      if (found) {
        // libpq stops at the section after the wanted one; keep collecting names only.
        inService = false;
        continue;
      }
      inService = line.startsWith(service, 1) && line[service.length + 1] === ']';
      found = inService;
      continue;
    }
    if (!inService) continue;

    if (line.startsWith('ldap')) {
      throw serviceFileError(
        file,
        lineNumber,
        'LDAP service lookups are not supported',
        'copy the connection parameters into the service section instead of the ldap:// line',
      );
    }
    const equals = line.indexOf('=');
    if (equals === -1) {
      throw serviceFileError(
        file,
        lineNumber,
        'syntax error: expected keyword=value',
        'write one keyword=value per line',
      );
    }
    const rawKey = line.slice(0, equals);
    const key = rawKey.trimEnd();
    // Blanks before "=" mean an INI-style "key = value": drop the blanks after it too.
    const value = key.length === rawKey.length ? line.slice(equals + 1) : trimSpaces(line.slice(equals + 1));
    if (key === 'service') {
      throw serviceFileError(
        file,
        lineNumber,
        'nested service specifications are not supported',
        'a service cannot refer to another service; copy its parameters instead',
        key,
      );
    }
    if (!isConnectionKeyword(key)) {
      const suggestion = suggestKeyword(key);
      throw serviceFileError(
        file,
        lineNumber,
        `unknown keyword "${key}" in service "${service}"`,
        suggestion === undefined
          ? 'service sections hold libpq connection keywords (host, port, dbname, user, …)'
          : `did you mean "${suggestion}"?`,
        key,
      );
    }
    entries.push({ keyword: key, value, line: lineNumber });
  }
  return { found, entries, services };
}

/** A service file to search, in order. */
export interface ServiceFileCandidate {
  readonly path: string;
  /** Set through `PGSERVICEFILE` or `servicefile`: a missing file is an error, as in libpq. */
  readonly required: boolean;
}

/** Where a service was found. */
export interface ServiceLookup {
  readonly file: string;
  readonly entries: readonly ServiceEntry[];
}

/**
 * Find `service` in the candidate files; the first file holding it wins.
 *
 * @throws PumError `PUM_UNKNOWN_SERVICE` naming the service and the files searched,
 *   `PUM_INVALID_SERVICE_FILE` for a required file that is missing, an unreadable file or a
 *   malformed section.
 */
export function findService(
  service: string,
  candidates: readonly ServiceFileCandidate[],
  fs: ConnectFileSystem,
): ServiceLookup {
  const searched: { file: string; exists: boolean }[] = [];
  const known = new Set<string>();
  for (const candidate of candidates) {
    let content: string | undefined;
    try {
      content = fs.readFile(candidate.path);
    } catch (cause) {
      throw new PumError(PumErrorCode.InvalidServiceFile, `cannot read service file ${candidate.path}`, {
        cause,
        hint: 'check the file permissions',
        details: { file: candidate.path },
      });
    }
    if (content === undefined) {
      if (candidate.required) {
        throw new PumError(PumErrorCode.InvalidServiceFile, `service file ${candidate.path} not found`, {
          hint: 'PGSERVICEFILE (or servicefile=) must name an existing file',
          details: { file: candidate.path, service },
        });
      }
      searched.push({ file: candidate.path, exists: false });
      continue;
    }
    searched.push({ file: candidate.path, exists: true });
    const section = readServiceSection(content, candidate.path, service);
    if (section.found) return { file: candidate.path, entries: section.entries };
    for (const name of section.services) known.add(name);
  }

  const where =
    searched.length === 0
      ? 'no service file to search (no home directory, PGSERVICEFILE or PGSYSCONFDIR)'
      : searched.map((entry) => (entry.exists ? entry.file : `${entry.file} (no such file)`)).join(', ');
  const existing = searched.filter((entry) => entry.exists);
  const services = [...known].sort();
  const hint =
    existing.length === 0
      ? `create ${searched[0]?.file ?? '~/.pg_service.conf'} with a [${service}] section, or set PGSERVICEFILE to the file that defines it`
      : `add a [${service}] section to ${existing[0]?.file}, or set PGSERVICEFILE to the file that defines it` +
        (services.length > 0 ? `; services found: ${services.join(', ')}` : '');
  throw new PumError(PumErrorCode.UnknownService, `service "${service}" not found in ${where}`, {
    hint,
    details: { service, searched, services },
  });
}
