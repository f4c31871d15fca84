/**
 * Refusing a run that names one database twice — by two addresses (a Unix socket and TCP,
 * `localhost` and `127.0.0.1`, a service and a URL): two upgrades of it would wait for each
 * other's lock and report it twice. "The same database" is decided as `test-and-upgrade` decides
 * it: by the server's identity and the database's OID (`@pum/dump`'s `sameDatabase`).
 */
import { PumError, PumErrorCode } from '@pum/core';
import { type DatabaseIdentity, databaseIdentity, describeIdentity, sameDatabase } from '@pum/dump';
import { openConnection } from '../connection.js';
import type { CliIo } from '../io.js';
import type { UpgradeTarget } from './targets.js';

/** A target's identity, or why it could not be read (the target then fails on its own). */
export type TargetIdentity = { identity: DatabaseIdentity } | { error: unknown };

/**
 * Read the identity of `target` on a connection of its own, closed afterwards. A target that
 * cannot be reached gives its error instead: it is reported as that database's result.
 */
export async function readTargetIdentity(target: UpgradeTarget, io: CliIo): Promise<TargetIdentity> {
  try {
    const { client } = await openConnection(target.resolved, io);
    try {
      return { identity: await databaseIdentity(client) };
    } finally {
      await client.end().catch(() => {});
    }
  } catch (error) {
    return { error };
  }
}

/**
 * Refuse targets that are one database.
 *
 * @throws {@link PumError} `PUM_INVALID_ARGUMENT` naming both entries and the database.
 */
export function refuseSameDatabase(
  targets: readonly UpgradeTarget[],
  identities: readonly TargetIdentity[],
): void {
  for (let i = 0; i < targets.length; i++) {
    const a = identities[i];
    if (a === undefined || !('identity' in a)) continue;
    for (let j = 0; j < i; j++) {
      const b = identities[j];
      if (b === undefined || !('identity' in b) || !sameDatabase(a.identity, b.identity)) continue;
      const first = targets[j] as UpgradeTarget;
      const second = targets[i] as UpgradeTarget;
      throw new PumError(
        PumErrorCode.InvalidArgument,
        `${first.label} (${first.origin}) and ${second.label} (${second.origin}) are the same database: ${describeIdentity(a.identity)}; nothing was upgraded`,
        { hint: 'name each database once', details: { origins: [first.origin, second.origin] } },
      );
    }
  }
}
