/**
 * The workspace's publishable packages, packed as `pnpm publish` would pack them (`workspace:^`
 * ranges replaced by versions), each tarball also extracted so its files can be inspected.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runProcess, succeeded, userEnvironment } from './processes.js';

/** The repository root. */
export const workspaceRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** The fields of a package.json the pack test reads. */
export interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  files?: string[];
  main?: string;
  types?: string;
  bin?: string | Record<string, string>;
  exports?: Record<string, string | Record<string, string>>;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

/** One packed package. Plain data: vitest's global setup hands it to the test files. */
export interface PackedPackage {
  name: string;
  version: string;
  /** Its directory in the workspace. */
  sourceDir: string;
  /** The `.tgz` `pnpm pack` wrote. */
  tarball: string;
  /** The tarball extracted: its `package/` directory. */
  extractedDir: string;
  /** package.json as packed. */
  manifest: Manifest;
}

export function readManifest(dir: string): Manifest {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;
}

/** `pnpm@10.34.9` from the root package.json's `packageManager`: the one pnpm the repository uses. */
export function pinnedPnpm(root = workspaceRoot): string {
  const packageManager = (readManifest(root) as Manifest & { packageManager?: string }).packageManager ?? '';
  const pinned = /^pnpm@[^+]+/.exec(packageManager)?.[0];
  if (!pinned) throw new Error(`${join(root, 'package.json')}: packageManager does not pin pnpm`);
  return pinned;
}

async function pnpm(args: readonly string[], cwd: string): Promise<string> {
  const env = userEnvironment(process.env, { workspaceRoot: cwd });
  const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
  const result = succeeded(await runProcess(npx, ['--yes', pinnedPnpm(), ...args], { cwd, env }));
  return result.stdout;
}

/** Every package of the workspace, as pnpm lists it. */
export async function workspacePackages(
  root = workspaceRoot,
): Promise<{ name: string; version?: string; path: string; private: boolean }[]> {
  return JSON.parse(await pnpm(['ls', '--recursive', '--depth', '-1', '--json'], root));
}

/** Pack every publishable (not private) package of the workspace into `dir`, and extract each tarball. */
export async function packWorkspace(dir: string, root = workspaceRoot): Promise<PackedPackage[]> {
  const publishable = (await workspacePackages(root)).filter((entry) => !entry.private);
  if (publishable.length === 0) throw new Error(`pnpm lists no publishable package in ${root}`);
  const tarballs = join(dir, 'tarballs');
  mkdirSync(tarballs, { recursive: true });
  const filters = publishable.flatMap((entry) => ['--filter', entry.name]);
  const output = await pnpm(
    ['--recursive', ...filters, 'pack', '--json', '--pack-destination', tarballs],
    root,
  );
  const parsed = JSON.parse(output) as
    | { name: string; filename: string }
    | { name: string; filename: string }[];
  const packed = Array.isArray(parsed) ? parsed : [parsed];

  const result: PackedPackage[] = [];
  for (const entry of publishable) {
    const tarball = packed.find((candidate) => candidate.name === entry.name)?.filename;
    if (!tarball) throw new Error(`pnpm pack did not pack ${entry.name}`);
    const extractTo = join(dir, 'extracted', entry.name);
    mkdirSync(extractTo, { recursive: true });
    succeeded(
      await runProcess('tar', ['-xzf', tarball, '-C', extractTo], {
        cwd: dir,
        env: { PATH: process.env.PATH ?? '' },
      }),
    );
    const extractedDir = join(extractTo, 'package');
    const manifest = readManifest(extractedDir);
    result.push({
      name: entry.name,
      version: manifest.version,
      sourceDir: entry.path,
      tarball,
      extractedDir,
      manifest,
    });
  }
  return result.sort((a, b) => a.name.localeCompare(b.name));
}

/** The runtime dependencies a user's install brings (dependencies, optional and peer dependencies). */
export function runtimeDependencies(manifest: Manifest): Record<string, string> {
  return { ...manifest.peerDependencies, ...manifest.optionalDependencies, ...manifest.dependencies };
}

/**
 * `name` and every workspace package it needs at run time, directly or not, sorted.
 *
 * @example
 * ```ts
 * dependencyClosure(packed, '@pum/diff'); // ['@pum/core', '@pum/diff', '@pum/introspect']
 * ```
 */
export function dependencyClosure(packages: readonly PackedPackage[], name: string): string[] {
  const byName = new Map(packages.map((entry) => [entry.name, entry]));
  const found = new Set<string>();
  const visit = (current: string) => {
    if (found.has(current)) return;
    const entry = byName.get(current);
    if (!entry) throw new Error(`${current} is not a publishable package of the workspace`);
    found.add(current);
    for (const dependency of Object.keys(runtimeDependencies(entry.manifest))) {
      if (byName.has(dependency)) visit(dependency);
    }
  };
  visit(name);
  return [...found].sort();
}
