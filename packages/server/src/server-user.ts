/**
 * PostgreSQL refuses to run as root. When we are root, its programs run as the `postgres`
 * OS user (or `nobody` when there is no such user), which gets the server's directory.
 */

import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { PumError, PumErrorCode } from '@pum/core';

/** Numeric ids of an OS user. */
export interface OsUser {
  name: string;
  uid: number;
  gid: number;
}

/**
 * Find `names` (first match wins) in `/etc/passwd`-formatted text.
 *
 * @example
 * ```ts
 * findUser('postgres:x:101:104::/var/lib/postgresql:/bin/bash', ['postgres']);
 * // { name: 'postgres', uid: 101, gid: 104 }
 * ```
 */
export function findUser(passwd: string, names: readonly string[]): OsUser | undefined {
  const users = new Map<string, OsUser>();
  for (const line of passwd.split('\n')) {
    const [name, , uid, gid] = line.split(':');
    if (name && uid && gid && /^\d+$/.test(uid) && /^\d+$/.test(gid)) {
      users.set(name, { name, uid: Number(uid), gid: Number(gid) });
    }
  }
  for (const name of names) {
    const user = users.get(name);
    if (user) return user;
  }
  return undefined;
}

/**
 * The user to run PostgreSQL programs as: `undefined` when we are not root (run as
 * ourselves), else `postgres` or `nobody`.
 *
 * @throws {@link PumError} `PUM_EXTERNAL_PROGRAM` as root without either user.
 */
export function serverUser(): OsUser | undefined {
  if (process.getuid?.() !== 0) return undefined;
  let passwd = '';
  try {
    passwd = readFileSync('/etc/passwd', 'utf8');
  } catch {
    // handled below
  }
  const user = findUser(passwd, ['postgres', 'nobody']);
  if (!user) {
    throw new PumError(
      PumErrorCode.ExternalProgram,
      'running as root, and there is neither a "postgres" nor a "nobody" OS user to run PostgreSQL as',
      { hint: 'run as an ordinary user, or create the OS user: useradd --system postgres' },
    );
  }
  return user;
}

/**
 * The first directory on the way to `target` (itself included) that `user` may not enter,
 * judged by owner, group and mode (supplementary groups are not known here); `undefined` when
 * every one looks enterable.
 *
 * @example
 * ```ts
 * unenterableDir({ name: 'postgres', uid: 101, gid: 104 }, '/root/.local/share/pum'); // '/root'
 * ```
 */
export function unenterableDir(user: OsUser, target: string): string | undefined {
  const chain: string[] = [];
  for (let dir = path.resolve(target); ; dir = path.dirname(dir)) {
    chain.unshift(dir);
    if (path.dirname(dir) === dir) break;
  }
  for (const dir of chain) {
    let mode: number;
    let uid: number;
    let gid: number;
    try {
      ({ mode, uid, gid } = statSync(dir));
    } catch {
      return undefined; // not there (yet): nothing to say about it
    }
    const enterable =
      (mode & 0o001) !== 0 ||
      (gid === user.gid && (mode & 0o010) !== 0) ||
      (uid === user.uid && (mode & 0o100) !== 0);
    if (!enterable) return dir;
  }
  return undefined;
}
