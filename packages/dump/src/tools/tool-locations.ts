/**
 * Where PostgreSQL client programs are usually installed, per platform. The list is the
 * search order; the choice among what is found is made by version, not by order.
 */

import * as path from 'node:path';
import type { ToolSystem } from './tool-system.js';

/**
 * The PostgreSQL programs this package runs.
 *
 * @example
 * ```ts
 * const tool: PgToolName = 'pg_restore';
 * ```
 */
export type PgToolName = 'pg_dump' | 'pg_restore' | 'psql';

/**
 * How a program was found: given as an exact path (`explicit`), in `pgBin`, on `PATH`, or in
 * a usual installation directory (`known-location`).
 *
 * @example
 * ```ts
 * if (tool.source === 'known-location') logger.info(`found ${tool.path}`);
 * ```
 */
export type ToolSource = 'explicit' | 'pgBin' | 'PATH' | 'known-location';

/** A file that may be the program looked for. */
export interface ToolCandidate {
  readonly file: string;
  readonly source: ToolSource;
}

/** Path rules of a platform (`path.win32` or `path.posix`). */
export function pathRules(platform: NodeJS.Platform): path.PlatformPath {
  return platform === 'win32' ? path.win32 : path.posix;
}

/** The file name of a program on a platform: `pg_dump.exe` on Windows. */
export function programFile(tool: PgToolName, platform: NodeJS.Platform): string {
  return platform === 'win32' ? `${tool}.exe` : tool;
}

/** Parent directories whose `<child>/bin` may hold PostgreSQL programs, per platform. */
function versionedParents(platform: NodeJS.Platform): { parent: string; prefix: string; bin: string }[] {
  if (platform === 'win32') {
    return [{ parent: 'C:\\Program Files\\PostgreSQL', prefix: '', bin: 'bin' }];
  }
  return [
    // Debian, Ubuntu (apt.postgresql.org too): /usr/lib/postgresql/17/bin
    { parent: '/usr/lib/postgresql', prefix: '', bin: 'bin' },
    // RHEL, Fedora (yum.postgresql.org): /usr/pgsql-17/bin
    { parent: '/usr', prefix: 'pgsql-', bin: 'bin' },
    // Homebrew on Apple silicon and on Intel: /opt/homebrew/opt/postgresql@17/bin
    { parent: '/opt/homebrew/opt', prefix: 'postgresql', bin: 'bin' },
    { parent: '/usr/local/opt', prefix: 'postgresql', bin: 'bin' },
    // Postgres.app
    { parent: '/Applications/Postgres.app/Contents/Versions', prefix: '', bin: 'bin' },
  ];
}

/** Plain directories that may hold PostgreSQL programs (Homebrew's shared bin). */
function plainDirs(platform: NodeJS.Platform): string[] {
  return platform === 'win32' ? [] : ['/opt/homebrew/bin'];
}

/**
 * The places searched when no program is given explicitly, for messages:
 * `['PATH', '/usr/lib/postgresql/*\/bin', …]`.
 */
export function describeSearchedPlaces(platform: NodeJS.Platform): string[] {
  const rules = pathRules(platform);
  return [
    'PATH',
    ...versionedParents(platform).map(({ parent, prefix, bin }) => rules.join(parent, `${prefix}*`, bin)),
    ...plainDirs(platform),
  ];
}

/**
 * Every candidate file for `tool` outside explicit settings: each `PATH` entry, then the usual
 * installation directories of the platform.
 */
export function searchCandidates(
  tool: PgToolName,
  options: { path: string | undefined; platform: NodeJS.Platform; system: ToolSystem },
): ToolCandidate[] {
  const rules = pathRules(options.platform);
  const file = programFile(tool, options.platform);
  const candidates: ToolCandidate[] = [];
  const separator = options.platform === 'win32' ? ';' : ':';
  for (const entry of (options.path ?? '').split(separator)) {
    // An empty PATH entry means the current directory: never run a program from there.
    const dir = entry.trim().replace(/^"(.*)"$/, '$1');
    if (dir !== '' && rules.isAbsolute(dir)) candidates.push({ file: rules.join(dir, file), source: 'PATH' });
  }
  for (const { parent, prefix, bin } of versionedParents(options.platform)) {
    for (const name of options.system.listDirectory(parent).sort()) {
      if (name.startsWith(prefix)) {
        candidates.push({ file: rules.join(parent, name, bin, file), source: 'known-location' });
      }
    }
  }
  for (const dir of plainDirs(options.platform)) {
    candidates.push({ file: rules.join(dir, file), source: 'known-location' });
  }
  return candidates;
}
