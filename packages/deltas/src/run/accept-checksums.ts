/** Accepting edits to applied files: one audit row per file, with its new checksum. */
import type { HistoryWriter } from '../history/history-writer.js';
import type { PlannedFile, UpgradePlan } from './plan.js';

/**
 * Append a `repair` row for every changed file, recording its current checksum and, in `note`,
 * the one it replaces. `how` says who accepted it (` by repair`, or nothing for
 * `--accept-changed`).
 */
export async function recordAcceptedChecksums(
  history: HistoryWriter,
  plan: UpgradePlan,
  changed: readonly PlannedFile[],
  toolVersion: string,
  how = '',
  parameters: Record<string, unknown> = {},
): Promise<void> {
  for (const { file, history: previous } of changed) {
    await history.write({
      module: plan.module.name,
      version: file.version?.text ?? null,
      name: file.name,
      kind: file.kind,
      path: file.path,
      checksum: file.checksum,
      parameters,
      executionMs: 0,
      success: true,
      error: null,
      statementsDone: null,
      toolVersion,
      source: 'repair',
      note: `checksum accepted${how} (was ${previous?.checksum ?? 'unknown'})`,
    });
  }
}
