/**
 * The small JSON file (`state.json`) beside a local server's cluster: which programs made it,
 * its port, its database and the module installed there, so that `down`, `status` and
 * `reset` need no options.
 */
import { existsSync, readdirSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PumError, PumErrorCode, replaceFile } from '@pum/core';
import type { BinDir } from '@pum/server';

/** What `pum local` remembers of a server. */
export interface LocalState {
  /** Version of this file's layout. */
  format: 1;
  name: string;
  /** The programs it runs with (found at the first `up`). */
  binDir: BinDir;
  /** The port it listens on (127.0.0.1). */
  port: number;
  /** The database the module is installed in. */
  database: string;
  module: {
    /** Absolute path of the module directory (PUM 1.x) or delta directory (PUM 0.x). */
    dir: string;
    layout: 'pum0' | 'pum1';
    name: string;
  };
  /** `--param NAME=VALUE` as given at the first `up`, reused by `up` and `reset`. */
  params: string[];
  demoData?: string | undefined;
}

const FILE = 'state.json';

/** The state of the server in `dir`, or `undefined` when there is none. */
export async function readLocalState(dir: string): Promise<LocalState | undefined> {
  let text: string;
  try {
    text = await readFile(join(dir, FILE), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const state = JSON.parse(text) as LocalState;
    if (state.format !== 1) throw new Error(`unknown format ${String(state.format)}`);
    return state;
  } catch (error) {
    throw new PumError(
      PumErrorCode.InvalidFile,
      `${join(dir, FILE)} is damaged: ${(error as Error).message}`,
      {
        cause: error,
        hint: `remove ${dir} to start afresh (its databases are lost)`,
      },
    );
  }
}

/** Write the state of the server in `dir` (beside it, then renamed: a kill never leaves it damaged). */
export async function writeLocalState(dir: string, state: LocalState): Promise<void> {
  const text = `${JSON.stringify(state, null, 2)}\n`;
  await replaceFile(join(dir, FILE), (temporary) => writeFile(temporary, text, { mode: 0o644 }));
}

/** The names of the local servers under `home` (directories with a state file), sorted. */
export function listLocalServers(home: string): string[] {
  let names: string[];
  try {
    names = readdirSync(home);
  } catch {
    return [];
  }
  return names.filter((name) => existsSync(join(home, name, FILE))).sort();
}

/** The connection URL of the server's database on `port`. */
export function localUrl(state: Pick<LocalState, 'database'>, port: number): string {
  return `postgresql://postgres@127.0.0.1:${port}/${encodeURIComponent(state.database)}`;
}
