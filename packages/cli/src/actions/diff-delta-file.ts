/**
 * Writing a planned delta into a module: `changelogs/<version>/<name>.sql` in a PUM 1.x
 * module (one with `.pum.yaml`), `delta_<version>_<name>.sql` otherwise; steps that cannot run
 * in a transaction go to `…_no_transaction.sql` beside it, marked `-- pum:no-transaction`.
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { isVersion, PumError, PumErrorCode } from '@pum/core';
import type { PlanSql } from '@pum/diff';
import type { DiffCommandOptions } from '../commands/diff.js';

/** Where and under which version and name to write. */
export interface DeltaTarget {
  dir: string;
  version: string;
  name: string;
}

/** The target from `--dir` (or the global `-d`), `--version` and `--name`; `undefined` without a directory. */
export function deltaTargetOf(
  options: DiffCommandOptions,
  globalDir: string | undefined,
  cwd: string,
): DeltaTarget | undefined {
  const dir = options.dir ?? globalDir;
  if (dir === undefined) {
    if (options.version !== undefined || options.name !== undefined) {
      throw new PumError(
        PumErrorCode.InvalidArgument,
        '--version and --name say how to name a delta written with --dir',
        {
          hint: 'add --dir <module>, or leave them out to print the SQL',
        },
      );
    }
    return undefined;
  }
  if (options.version === undefined || !isVersion(options.version)) {
    throw new PumError(
      PumErrorCode.InvalidArgument,
      options.version === undefined ? '--dir needs --version' : `--version ${options.version}: not a version`,
      { hint: 'give the version the delta brings the module to, e.g. --version 1.4.0' },
    );
  }
  if (options.name === undefined || !/^\w+$/.test(options.name)) {
    throw new PumError(
      PumErrorCode.InvalidArgument,
      options.name === undefined
        ? '--dir needs --name'
        : `--name ${options.name}: use letters, digits and _ only`,
      { hint: 'name what the delta does, e.g. --name add_roads' },
    );
  }
  return { dir: isAbsolute(dir) ? dir : resolve(cwd, dir), version: options.version, name: options.name };
}

/** Write the plan's files; never overwrites. Returns the paths written. */
export async function writeDelta(target: DeltaTarget, sql: PlanSql): Promise<string[]> {
  // Loaded here only: the module layout check is the one thing pum diff needs from @pum/deltas.
  const { isPum1Module } = await import('@pum/deltas');
  const pum1 = isPum1Module(target.dir);
  const dir = pum1 ? join(target.dir, 'changelogs', target.version) : target.dir;
  const stem = pum1 ? target.name : `delta_${target.version}_${target.name}`;
  const files: [string, string][] = [[join(dir, `${stem}.sql`), sql.main]];
  if (sql.noTransaction !== null) files.push([join(dir, `${stem}_no_transaction.sql`), sql.noTransaction]);
  const exists = (path: string) =>
    new PumError(PumErrorCode.InvalidArgument, `${path} exists already`, {
      hint: 'choose another --name or --version; pum never overwrites a delta',
    });
  // Both files are checked before either is written, so a refusal leaves nothing behind.
  for (const [path] of files) if (existsSync(path)) throw exists(path);
  await mkdir(dir, { recursive: true });
  for (const [path, text] of files) {
    await writeFile(path, text, { flag: 'wx' }).catch((error: NodeJS.ErrnoException) => {
      throw error.code === 'EEXIST' ? exists(path) : error;
    });
  }
  return files.map(([path]) => path);
}
