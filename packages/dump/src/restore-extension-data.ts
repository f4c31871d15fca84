/**
 * The restore step for extensions the target already has: read what the archive holds for
 * them (the `CREATE EXTENSION` statements, the rows of their configuration tables, their
 * configuration sequences), warn when the archive expects an extension in another schema,
 * and merge the rows (see `merge-extension-data.ts`).
 */

import { type Logger, PumError } from '@pum/core';
import type pg from 'pg';
import type { ArchiveEntry } from './archive/archive-list.js';
import { parseExtensionScript } from './archive/extension-script.js';
import type { ExistingExtension, RestorePlan } from './archive/restore-plan.js';
import type { DumpProgressEvent } from './process/progress.js';
import { type ExtensionDataMerge, mergeExtensionData } from './server/merge-extension-data.js';
import { sqlError } from './server/open-client.js';

/** What the step needs. */
export interface ExtensionDataStep {
  readonly client: pg.Client;
  readonly plan: RestorePlan;
  readonly extensions: readonly ExistingExtension[];
  /** The SQL pg_restore prints for `entries`. */
  readonly printEntries: (entries: readonly ArchiveEntry[]) => Promise<string>;
  readonly ignoreErrors: boolean;
  readonly logger: Logger;
  readonly onProgress: ((event: DumpProgressEvent) => void) | undefined;
}

/** What the step did. */
export interface ExtensionDataOutcome {
  readonly merges: ExtensionDataMerge[];
  readonly warnings: string[];
  readonly ignoredErrors: string[];
}

/**
 * Run the step.
 *
 * @throws {@link PumError} `PUM_SQL_ERROR` when the rows cannot be merged (unless
 *   `ignoreErrors`), with a hint; `PUM_EXTERNAL_PROGRAM` when pg_restore fails.
 */
export async function restoreExtensionData(step: ExtensionDataStep): Promise<ExtensionDataOutcome> {
  const outcome: ExtensionDataOutcome = { merges: [], warnings: [], ignoredErrors: [] };
  const entries = [...step.plan.existingExtensionEntries, ...step.plan.extensionData];
  if (entries.length === 0) return outcome;
  step.onProgress?.({ type: 'step', message: 'reading the extensions the target already has' });
  const script = parseExtensionScript(await step.printEntries(entries));
  for (const extension of step.extensions) {
    const expected = script.extensions.get(extension.name);
    if (expected !== undefined && expected !== extension.schema) {
      outcome.warnings.push(
        `extension ${extension.name} is in schema ${extension.schema} in the target, the dump expects it in ${expected}: objects using it may fail to restore`,
      );
    }
  }
  for (const statement of script.unknown) {
    outcome.warnings.push(`not merged, not understood: ${statement.slice(0, 200)}`);
  }
  if (script.copies.length === 0 && script.sequences.length === 0) return outcome;

  step.onProgress?.({ type: 'step', message: 'merging rows of extension configuration tables' });
  try {
    outcome.merges.push(...(await mergeExtensionData(step.client, script.copies, script.sequences)));
  } catch (error) {
    const failure = sqlError(error, 'cannot merge the rows of extension configuration tables');
    if (!step.ignoreErrors) {
      throw new PumError(failure.code, failure.message, {
        cause: error,
        hint: 'restore as a superuser or the owner of the extension, or add the missing rows to the target first',
        details: failure.details,
      });
    }
    outcome.ignoredErrors.push(failure.message);
    return outcome;
  }
  for (const merge of outcome.merges) {
    if (merge.kind !== 'table') continue;
    step.logger.info(
      `${merge.schema}.${merge.name}: ${merge.inserted} rows added, ${merge.present} already there, ${merge.conflicting} conflicting (target kept)`,
    );
    if (merge.conflicting > 0) {
      outcome.warnings.push(
        `${merge.conflicting} rows of ${merge.schema}.${merge.name} were not restored: the target has rows with the same key and other values`,
      );
    }
  }
  return outcome;
}
