/**
 * `baseline`: record that a database already holds everything up to a version (a database
 * built from a dump or by hand), so only later deltas run. Never goes backwards. The baseline is
 * recorded in PUM's table too, as PUM's `baseline` does: a PUM 0.x upgrades table named with
 * `-t` (created in PUM 0.10's layout when missing, pum's history beside it in
 * `<schema>.pum_history`), or a PUM 1.x module's `pum_migrations` (created as PUM 1.8 does).
 */
import { compareVersions, PumError, PumErrorCode, parseVersion } from '@pum/core';
import type pg from 'pg';
import type { TableName } from '../history/history-table.js';
import { HistoryWriter } from '../history/history-writer.js';
import { defaultHistoryTable } from '../history/legacy.js';
import { PumMirror } from '../history/pum-mirror.js';
import type { DeltaModule } from '../module/delta-file.js';
import { acquireUpgradeLock } from './advisory-lock.js';
import { refuseNewHistory } from './new-history-guard.js';
import { planUpgrade } from './plan.js';
import { runTables } from './run-tables.js';

/** Options of {@link baselineDatabase}. */
export interface BaselineOptions {
  /** The version the database is at. Deltas up to and including it are never run. */
  version: string;
  /**
   * The history table. For PUM 0.x directories, a table that does not exist yet (other than a
   * `pum_history`) is PUM's upgrades table: it is created in PUM 0.10's layout, and pum's history
   * beside it, in `<schema>.pum_history`.
   */
  table?: TableName;
  toolVersion?: string;
  lockTimeoutMs?: number;
  /**
   * Refuse, before anything is written, to start a new history with this baseline while other
   * tables of the database hold the module's history (see `ApplyOptions.refuseNewHistory`).
   * Default `false`; the CLI sets it unless `--new-history`.
   */
  refuseNewHistory?: boolean;
}

/**
 * Mark everything up to `options.version` as applied.
 *
 * @throws {@link PumError} `PUM_INVALID_ARGUMENT` when the database is already beyond that
 *   version (baselines never go backwards), `PUM_INVALID_VERSION` for a non-version.
 * @example
 * ```ts
 * await baselineDatabase(client, module, { version: '1.0.0', table: { schema: 'qgep_sys', name: 'pum_info' } });
 * ```
 */
export async function baselineDatabase(
  client: pg.ClientBase,
  module: DeltaModule,
  options: BaselineOptions,
): Promise<void> {
  const version = parseVersion(options.version);
  const requested = options.table ?? defaultHistoryTable(module);
  const release = await acquireUpgradeLock(client, requested, { timeoutMs: options.lockTimeoutMs ?? 60_000 });
  try {
    const plan = await planUpgrade(client, module, { table: requested });
    if (options.refuseNewHistory) await refuseNewHistory(client, plan);
    for (const [what, current] of [
      ['baseline', plan.baselineVersion],
      ['applied version', plan.currentVersion],
    ] as const) {
      if (current && compareVersions(current, version) > 0) {
        throw new PumError(
          PumErrorCode.InvalidArgument,
          `cannot baseline at ${version.text}: the database's ${what} is already ${current}`,
          {
            hint: 'a baseline never goes backwards; check the version, or the history table with `pum info`',
          },
        );
      }
    }
    const { ours, target } = await runTables(client, module, plan, options.table);
    const writer = new HistoryWriter(client, ours.table, ours.exists);
    const mirror = target && new PumMirror(target);
    await client.query('BEGIN');
    try {
      const id = await writer.write({
        module: plan.module.name,
        version: version.text,
        name: 'baseline',
        kind: 'baseline',
        path: null,
        checksum: null,
        parameters: {},
        executionMs: 0,
        success: true,
        error: null,
        statementsDone: null,
        toolVersion: options.toolVersion ?? 'unknown',
        source: 'pum',
        note: null,
      });
      if (mirror) await client.query(mirror.baselineSql(version.text, id));
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    }
  } finally {
    await release().catch(() => {});
  }
}
