/**
 * Where installed PostgreSQL programs live on this machine: Debian/Ubuntu, RHEL, Homebrew,
 * Postgres.app, the Windows installer, `pg_config --bindir` and `PATH`.
 */

import { existsSync, readdirSync, realpathSync } from 'node:fs';
import * as path from 'node:path';
import { type BinDir, newestFirst } from './bin-dir.js';
import { type Env, postgresEnv, run } from './exec.js';
import { parsePostgresVersion } from './version.js';

/**
 * Options of {@link findLocalBinDirs}.
 *
 * @example
 * ```ts
 * const options: FindLocalBinDirsOptions = { path: process.env.PATH };
 * ```
 */
export interface FindLocalBinDirsOptions {
  /** The value of `PATH` to search (libraries never read `process.env`). Default: none. */
  path?: string | undefined;
  /**
   * Also look in the usual installation directories (`/usr/lib/postgresql/<major>/bin`,
   * `/usr/pgsql-<major>/bin`, Homebrew, Postgres.app, `C:\Program Files\PostgreSQL`).
   * Default `true`.
   */
  usualPlaces?: boolean | undefined;
  /** The environment programs (`postgres --version`) run with. Default `{}`. */
  env?: Env | undefined;
}

const exe = process.platform === 'win32' ? '.exe' : '';
const serverPrograms = ['initdb', 'pg_ctl', 'postgres'];
const lookFor = [...serverPrograms, 'pg_dump'];

function subdirs(parent: string): string[] {
  try {
    return readdirSync(parent).map((name) => path.join(parent, name));
  } catch {
    return [];
  }
}

/** The usual installation directories that exist here, not checked yet. */
function usualDirs(): string[] {
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
  if (process.platform === 'win32') {
    for (const dir of subdirs('C:\\Program Files\\PostgreSQL')) dirs.push(path.join(dir, 'bin'));
  }
  return dirs;
}

/** Directories of `PATH` that hold PostgreSQL programs (links followed), and `pg_config --bindir`. */
async function pathDirs(searchPath: string, env: Record<string, string>): Promise<string[]> {
  const dirs: string[] = [];
  for (const entry of searchPath.split(path.delimiter)) {
    if (!entry) continue;
    for (const name of lookFor) {
      const file = path.join(entry, name + exe);
      if (!existsSync(file)) continue;
      // Follow symlinks (/usr/local/bin/initdb -> /usr/lib/postgresql/15/bin/initdb), but not
      // into wrappers with another name (Debian's pg_wrapper).
      const real = realpathSync(file);
      if (path.basename(real) === name + exe) dirs.push(path.dirname(real));
    }
    const pgConfig = path.join(entry, `pg_config${exe}`);
    if (existsSync(pgConfig)) {
      try {
        dirs.push((await run(pgConfig, ['--bindir'], { env, timeoutMs: 5_000 })).stdout.trim());
      } catch {
        // a broken pg_config: the directories above still count
      }
    }
  }
  return dirs;
}

/**
 * The installed PostgreSQL program directories, newest major first.
 *
 * @example
 * ```ts
 * const [newest] = await findLocalBinDirs({ path: process.env.PATH });
 * newest?.dir; // '/usr/lib/postgresql/15/bin'
 * ```
 */
export async function findLocalBinDirs(options: FindLocalBinDirsOptions = {}): Promise<BinDir[]> {
  const env = postgresEnv(options.env);
  const candidates = [
    ...(options.usualPlaces === false ? [] : usualDirs()),
    ...(await pathDirs(options.path ?? '', env)),
  ];
  const seen = new Set<string>();
  const found: BinDir[] = [];
  for (const candidate of candidates) {
    let dir: string;
    try {
      dir = realpathSync(candidate);
    } catch {
      continue;
    }
    if (seen.has(dir)) continue;
    seen.add(dir);
    const info = await inspectLocal(dir, env);
    if (info) found.push(info);
  }
  return found.sort(newestFirst);
}

async function inspectLocal(dir: string, env: Record<string, string>): Promise<BinDir | undefined> {
  const has = (name: string) => existsSync(path.join(dir, name + exe));
  const probe = ['postgres', 'pg_dump'].find(has);
  if (!probe) return undefined;
  let parsed: ReturnType<typeof parsePostgresVersion>;
  try {
    parsed = parsePostgresVersion((await run(path.join(dir, probe + exe), ['--version'], { env })).stdout);
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
    hasPostgis: await hasPostgisFiles(dir, parsed.major, env),
  };
}

async function hasPostgisFiles(dir: string, major: number, env: Record<string, string>): Promise<boolean> {
  const shareDirs: string[] = [];
  const pgConfig = path.join(dir, `pg_config${exe}`);
  if (existsSync(pgConfig)) {
    try {
      shareDirs.push((await run(pgConfig, ['--sharedir'], { env })).stdout.trim());
    } catch {
      // fall back to the usual layouts below
    }
  }
  shareDirs.push(
    path.join(dir, '..', 'share', 'postgresql'),
    path.join(dir, '..', 'share'),
    `/usr/share/postgresql/${major}`,
  );
  return shareDirs.some((share) => existsSync(path.join(share, 'extension', 'postgis.control')));
}
