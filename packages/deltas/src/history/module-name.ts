/**
 * The name a module's rows carry in pum's history table. A module that declares no name (PUM
 * 0.x directories, a `.pum.yaml` without `pum.module`) is named after its directory, and that
 * name must not decide whether its deltas were applied: renaming or moving the checkout would
 * run every delta again. Such a module is recognised by its deltas (version, name, kind) under
 * whatever directory name its rows were first written, and keeps writing that name.
 */
import { PumError, PumErrorCode, type Queryable, qualifiedName } from '@pum/core';
import type { DeltaModule } from '../module/delta-file.js';
import { deltaIdentity } from '../module/delta-identity.js';
import type { TableName } from './history-table.js';

/** One distinct (module, delta) of the history table. */
interface Recorded {
  module: string;
  version: string | null;
  name: string;
  kind: string;
}

/** A recorded delta, as far as its identity goes. */
export interface RecordedDelta {
  version: string | null;
  name: string;
  kind: string;
}

/**
 * Whether recorded deltas are the history of the module whose versioned files have the
 * identities `files`: more than half of the recorded versioned deltas (baselines and files run
 * on every upgrade left out) are files of the module. One shared identity (`delta_1.0.0.sql` of
 * two data models) is a coincidence; most of them is the same module. Only baselines: `whenNone`.
 */
export function mostlyDeltasOf(
  recorded: readonly RecordedDelta[],
  files: ReadonlySet<string>,
  whenNone: boolean,
): boolean {
  // Versioned deltas only: every data model may have a pre-all.sql.
  const deltas = recorded.filter((r) => r.kind !== 'baseline' && r.version !== null);
  if (deltas.length === 0) return whenNone;
  const matching = deltas.filter((r) => files.has(deltaIdentity(r.version, r.name, r.kind))).length;
  return matching * 2 > deltas.length;
}

/** The identities of the versioned files of `module`. */
export function versionedIdentities(module: DeltaModule): Set<string> {
  return new Set(
    module.files.filter((f) => f.version !== undefined).map((f) => deltaIdentity(f.version, f.name, f.kind)),
  );
}

/**
 * The name under which `module`'s history is recorded in `table` (which exists):
 * - a declared name (`pum.module`, `LoadPum0Options.name`) is used as it is;
 * - else the directory's name when the table holds rows under it;
 * - else the one other module name whose applied deltas are mostly deltas of this module (same
 *   version, name and kind; see {@link mostlyDeltasOf}), or whose rows are only baselines when
 *   it is the table's only module;
 * - else the directory's name (a module new to this table).
 *
 * @throws {@link PumError} `PUM_INVALID_ARGUMENT` when several recorded modules could be this one.
 * @example
 * ```ts
 * const name = await historyModuleName(client, { schema: 'public', name: 'pum_history' }, module);
 * ```
 */
export async function historyModuleName(
  db: Queryable,
  table: TableName,
  module: DeltaModule,
): Promise<string> {
  if (!module.nameFromDirectory) return module.name;
  const { rows } = await db.query<Recorded>(
    `SELECT DISTINCT module, version, name, kind FROM ${qualifiedName(table.schema, table.name)}
     WHERE success AND kind NOT IN ('repair', 'hook')`,
  );
  const modules = new Set(rows.map((row) => row.module));
  if (modules.size === 0 || modules.has(module.name)) return module.name;
  const files = versionedIdentities(module);
  const candidates = [...modules].sort().filter((name) =>
    mostlyDeltasOf(
      rows.filter((row) => row.module === name),
      files,
      modules.size === 1,
    ),
  );
  if (candidates.length > 1) {
    throw new PumError(
      PumErrorCode.InvalidArgument,
      `the history table ${qualifiedName(table.schema, table.name)} holds several modules this one could be (${candidates.join(', ')}), none named ${module.name}`,
      {
        hint: 'name the module (pum.module in .pum.yaml), or give each data model its own history table with -t',
        details: { candidates },
      },
    );
  }
  return candidates[0] ?? module.name;
}
