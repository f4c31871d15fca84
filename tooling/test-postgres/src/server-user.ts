/**
 * PostgreSQL refuses to run as root. When we are root, its programs run as the `postgres`
 * OS user (or `nobody` when there is no such user) and it gets the directories.
 */

import { readFileSync } from 'node:fs';
import { TestPostgresError } from './errors.js';

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
    throw new TestPostgresError(
      'PUM_TEST_PG_START_FAILED',
      'running as root, and there is neither a "postgres" nor a "nobody" OS user to run PostgreSQL as',
    );
  }
  return user;
}
