/** Where `pum local` keeps its servers: a directory per server under the user's data directory. */
import { homedir } from 'node:os';
import { basename, dirname, join, win32 } from 'node:path';
import { PumError, PumErrorCode } from '@pum/core';
import type { DeltaModule } from '@pum/deltas';
import type { CliIo } from '../io.js';

/**
 * The directory holding every local server: `$XDG_DATA_HOME/pum/local`, else
 * `~/.local/share/pum/local`; on Windows `%LOCALAPPDATA%\pum\local`.
 *
 * @example
 * ```ts
 * localServersHome({ XDG_DATA_HOME: '/tmp/data' }, 'linux'); // '/tmp/data/pum/local'
 * ```
 */
export function localServersHome(env: CliIo['env'], platform: NodeJS.Platform = process.platform): string {
  if (env.XDG_DATA_HOME) return join(env.XDG_DATA_HOME, 'pum', 'local');
  const home = env.HOME ?? homedir();
  if (platform === 'win32') {
    return win32.join(
      env.LOCALAPPDATA ?? win32.join(env.USERPROFILE ?? home, 'AppData', 'Local'),
      'pum',
      'local',
    );
  }
  return join(home, '.local', 'share', 'pum', 'local');
}

/**
 * A local server's name as given, checked: it names a directory and a database.
 *
 * @throws {@link PumError} `PUM_INVALID_ARGUMENT` for anything but letters, digits, `_` and `-`.
 */
export function checkLocalName(name: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/.test(name)) {
    throw new PumError(PumErrorCode.InvalidArgument, `--name ${JSON.stringify(name)}: not a usable name`, {
      hint: 'use letters, digits, _ and - (at most 63), starting with a letter or digit',
    });
  }
  return name;
}

/**
 * The default name of a module's local server, as `checkLocalName` accepts it: a PUM 1.x
 * module's name; for PUM 0.x, the project directory's name: the delta directory, or its first
 * parent not called `delta` or `update` (`qwat/update/delta` → `qwat`).
 *
 * @example
 * ```ts
 * defaultLocalName({ layout: 'pum1', name: 'water_network', roots: ['/m'] }); // 'water_network'
 * defaultLocalName({ layout: 'pum0', name: 'delta', roots: ['/src/qwat/update/delta'] }); // 'qwat'
 * ```
 */
export function defaultLocalName(module: Pick<DeltaModule, 'layout' | 'name' | 'roots'>): string {
  let base = module.name;
  if (module.layout === 'pum0' && module.roots[0] !== undefined) {
    let dir = module.roots[0];
    while (
      ['delta', 'deltas', 'update', 'updates'].includes(basename(dir).toLowerCase()) &&
      dirname(dir) !== dir
    ) {
      dir = dirname(dir);
    }
    base = basename(dir) || module.name;
  }
  const name = base
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '_')
    .replace(/^[_-]+/, '')
    .slice(0, 63);
  return name || 'pum';
}
