/**
 * `repair`: accept the current text of applied files that were edited since, recording each new
 * checksum with an audit row (`source = 'repair'`, the old checksum in `note`). Runs nothing.
 */
import type pg from 'pg';
import type { TableName } from '../history/history-table.js';
import { HistoryWriter } from '../history/history-writer.js';
import { defaultHistoryTable } from '../history/legacy.js';
import type { DeltaModule } from '../module/delta-file.js';
import { recordAcceptedChecksums } from './accept-checksums.js';
import { acquireUpgradeLock } from './advisory-lock.js';
import { planUpgrade } from './plan.js';

/** Options of {@link repairChecksums}. */
export interface RepairOptions {
  table?: TableName;
  toolVersion?: string;
  lockTimeoutMs?: number;
}

/**
 * Record the current checksum of every applied file that changed; returns their paths.
 *
 * @example
 * ```ts
 * const repaired = await repairChecksums(client, module, { table: { schema: 'qwat_sys', name: 'info' } });
 * ```
 */
export async function repairChecksums(
  client: pg.ClientBase,
  module: DeltaModule,
  options: RepairOptions = {},
): Promise<string[]> {
  const requested = options.table ?? defaultHistoryTable(module);
  const release = await acquireUpgradeLock(client, requested, { timeoutMs: options.lockTimeoutMs ?? 60_000 });
  try {
    const plan = await planUpgrade(client, module, { table: requested });
    const changed = plan.files.filter((f) => f.status === 'changed');
    const history = new HistoryWriter(client, plan.table, plan.tableExists);
    await recordAcceptedChecksums(history, plan, changed, options.toolVersion ?? 'unknown', ' by repair');
    return changed.map((f) => f.file.path);
  } finally {
    await release().catch(() => {});
  }
}
