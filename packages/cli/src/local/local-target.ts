/** Which local server a `pum local` command means: `--name`, or the only one there is. */
import { join } from 'node:path';
import { PumError, PumErrorCode } from '@pum/core';
import { checkLocalName } from './local-home.js';
import { type LocalState, listLocalServers, readLocalState } from './local-state.js';

/** A local server that exists: its name, directory and state. */
export interface LocalTarget {
  name: string;
  dir: string;
  state: LocalState;
}

/**
 * The local server named `name` under `home`, or, without a name, the only one there.
 *
 * @throws {@link PumError} `PUM_INVALID_ARGUMENT` when there is no such server, none at all, or
 *   several and no name.
 */
export async function findLocalServer(home: string, name: string | undefined): Promise<LocalTarget> {
  const names = listLocalServers(home);
  const upHint = 'start one with: pum local up --dir MODULE';
  if (name === undefined) {
    if (names.length === 0) {
      throw new PumError(PumErrorCode.InvalidArgument, `there is no local server (in ${home})`, {
        hint: upHint,
      });
    }
    if (names.length > 1) {
      throw new PumError(
        PumErrorCode.InvalidArgument,
        `there are several local servers: ${names.join(', ')}`,
        {
          hint: 'name one with --name',
        },
      );
    }
  }
  const chosen = checkLocalName(name ?? (names[0] as string));
  const dir = join(home, chosen);
  const state = await readLocalState(dir);
  if (!state) {
    throw new PumError(
      PumErrorCode.InvalidArgument,
      `there is no local server named "${chosen}" (in ${home})`,
      {
        hint: names.length ? `the local servers are: ${names.join(', ')}` : upHint,
      },
    );
  }
  return { name: chosen, dir, state };
}
