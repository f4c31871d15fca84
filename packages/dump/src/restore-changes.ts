/**
 * The truth about a failed restore: what it had changed in the target before it failed, read
 * from the target (see `catalog-objects.ts`) and from the rows merged into extension tables,
 * put in `PumError.changed` — so that "nothing was changed" is only said when it is true, and
 * otherwise the user learns what to clean up.
 */

import { isPumError, PumError } from '@pum/core';
import type { DumpConnection } from './connection.js';
import { type CatalogObject, describeChanges, readCatalogObjects } from './server/catalog-objects.js';
import type { ExtensionDataMerge } from './server/merge-extension-data.js';
import { withClient } from './server/open-client.js';

/** What is known about the failed restore. */
export interface FailedRestore {
  readonly connection: DumpConnection;
  /** The target's objects before the restore. */
  readonly before: ReadonlyMap<string, CatalogObject>;
  /** Rows merged (committed) into extension configuration tables before the failure. */
  readonly merges: readonly ExtensionDataMerge[];
  /** Whether pg_restore / psql ran everything in one transaction. */
  readonly singleTransaction: boolean;
}

/**
 * The error to throw for a restore that failed with `error`: the same error, with `changed`
 * set from the target's state and a last line saying what became of the target. Errors that
 * are not a `PumError` (bugs) are returned as they are.
 */
export async function withChanges(error: unknown, restore: FailedRestore): Promise<unknown> {
  if (!isPumError(error)) return error;
  const label = restore.connection.describe();
  const changed = mergedRows(restore.merges);
  let note: string;
  try {
    const after = await withClient(restore.connection, readCatalogObjects);
    changed.push(...describeChanges(restore.before, after));
    note =
      changed.length > 0
        ? `${label} was changed before the failure: what was restored stays`
        : restore.singleTransaction
          ? `nothing was changed in ${label}: the restore ran in one transaction, rolled back`
          : `nothing was changed in ${label}`;
  } catch (readError) {
    if (restore.singleTransaction && changed.length === 0) {
      // One transaction that did not commit changed nothing, whether or not we can look.
      note = `nothing was changed in ${label}: the restore ran in one transaction, rolled back`;
    } else {
      changed.push(
        `unknown: objects restored before the failure stay, and ${label} cannot be read to list them (${(readError as Error).message})`,
      );
      note = `${label} may have been changed before the failure`;
    }
  }
  return new PumError(error.code, `${error.message}\n  ${note}`, {
    cause: error.cause ?? error,
    hint:
      changed.length > 0 && !restore.singleTransaction
        ? `${error.hint ? `${error.hint}; ` : ''}remove what was restored (or recreate the database) before restoring again; a restore in one transaction (the default, without parallel jobs or ignored errors) changes nothing when it fails`
        : error.hint,
    details: { ...error.details, singleTransaction: restore.singleTransaction },
    changed,
  });
}

/** The rows the merge step committed, as `changed` lines. */
function mergedRows(merges: readonly ExtensionDataMerge[]): string[] {
  const lines: string[] = [];
  for (const merge of merges) {
    if (merge.kind === 'table' && merge.inserted > 0) {
      lines.push(
        `inserted ${merge.inserted} rows into ${merge.schema}.${merge.name} (extension configuration)`,
      );
    } else if (merge.kind === 'sequence' && merge.advanced) {
      lines.push(`advanced sequence ${merge.sequence} to ${merge.value} (extension configuration)`);
    }
  }
  return lines;
}
