/**
 * Which archive entries a restore runs, and which it leaves out and why:
 *
 * - entries in an excluded schema, and the schema itself with its comment, grants and labels
 *   (what `pg_dump --exclude-schema` leaves out, so that excluding at dump or at restore time
 *   gives the same database);
 * - `EXTENSION` entries (and comments on them) for extensions the target already has: the
 *   extension is there, and commenting on it needs its owner;
 * - the rows of extension configuration tables (`pg_extension_config_dump`: PostGIS's
 *   `spatial_ref_sys`, topology's `topology.topology`) and values of configuration sequences,
 *   for extensions the target already has: the target's rows would collide, so these rows are
 *   merged separately (see `mergeExtensionData`) instead of restored by pg_restore.
 */

import {
  type ArchiveEntry,
  entryNamed,
  knownSchemas,
  namespaceOf,
  schemaTargetOf,
  unqualifiedTag,
} from './archive-list.js';

/** An extension installed in the target database. */
export interface ExistingExtension {
  readonly name: string;
  /** The schema it is installed in. */
  readonly schema: string;
  /** Its configuration tables and sequences (`pg_extension.extconfig`). */
  readonly config: readonly {
    readonly schema: string;
    readonly name: string;
    readonly kind: 'table' | 'sequence';
  }[];
}

/**
 * Why an archive entry was not restored by pg_restore:
 * - `excluded-schema`: it is in (or is) a schema excluded with `excludeSchemas`;
 * - `existing-extension`: it creates (or comments on) an extension the target already has;
 * - `extension-data`: rows of an extension's configuration table (or a configuration
 *   sequence's value) of an extension the target already has, merged instead of restored.
 *
 * @example
 * ```ts
 * const reason: SkipReason = 'existing-extension';
 * ```
 */
export type SkipReason = 'excluded-schema' | 'existing-extension' | 'extension-data';

/**
 * An archive entry pg_restore was told to skip.
 *
 * @example
 * ```ts
 * const skipped: SkippedEntry = { id: 2, type: 'EXTENSION', name: '- postgis', reason: 'existing-extension' };
 * ```
 */
export interface SkippedEntry {
  /** The dump id. */
  readonly id: number;
  /** The entry type, e.g. `TABLE DATA`. */
  readonly type: string;
  /** Schema, name and owner as `pg_restore --list` prints them (`public spatial_ref_sys postgres`). */
  readonly name: string;
  readonly reason: SkipReason;
}

/** The outcome of planning. */
export interface RestorePlan {
  /** Entries pg_restore runs, in archive order. */
  readonly kept: readonly ArchiveEntry[];
  readonly skipped: readonly SkippedEntry[];
  /** `EXTENSION` entries of extensions the target has (their SQL names the expected schema). */
  readonly existingExtensionEntries: readonly ArchiveEntry[];
  /** Configuration rows and sequence values to merge. */
  readonly extensionData: readonly ArchiveEntry[];
  /** How many `TABLE DATA` entries pg_restore runs (the total of progress events). */
  readonly tableDataCount: number;
}

/**
 * Decide, entry by entry, what pg_restore runs.
 *
 * @example
 * ```ts
 * const plan = planRestore(listing.entries, { excluded: schemaMatcher(['public']), existing: [] });
 * plan.skipped.length; // entries of schema public
 * ```
 */
export function planRestore(
  entries: readonly ArchiveEntry[],
  options: {
    readonly excluded: (schema: string) => boolean;
    readonly existing: readonly ExistingExtension[];
  },
): RestorePlan {
  const schemas = knownSchemas(entries);
  const existing = new Map(options.existing.map((extension) => [extension.name, extension]));
  const config = options.existing.flatMap((extension) => extension.config);
  const kept: ArchiveEntry[] = [];
  const skipped: SkippedEntry[] = [];
  const existingExtensionEntries: ArchiveEntry[] = [];
  const extensionData: ArchiveEntry[] = [];
  const skip = (entry: ArchiveEntry, reason: SkipReason) =>
    skipped.push({ id: entry.id, type: entry.type, name: entry.rest.trim(), reason });

  for (const entry of entries) {
    const namespace = namespaceOf(entry, schemas);
    const target = schemaTargetOf(entry);
    if (
      (namespace !== undefined && options.excluded(namespace)) ||
      (target !== undefined && options.excluded(target))
    ) {
      skip(entry, 'excluded-schema');
      continue;
    }
    if (entry.type === 'EXTENSION' && existing.has(unqualifiedTag(entry))) {
      existingExtensionEntries.push(entry);
      skip(entry, 'existing-extension');
      continue;
    }
    if (namespace === undefined && entry.type !== 'EXTENSION') {
      const onExtension = /^EXTENSION (.+)$/.exec(unqualifiedTag(entry));
      if (onExtension && existing.has(onExtension[1] as string)) {
        skip(entry, 'existing-extension');
        continue;
      }
    }
    if (entry.type === 'TABLE DATA' || entry.type === 'SEQUENCE SET') {
      const kind = entry.type === 'TABLE DATA' ? 'table' : 'sequence';
      if (config.some((c) => c.kind === kind && entryNamed(entry, c.schema, c.name))) {
        extensionData.push(entry);
        skip(entry, 'extension-data');
        continue;
      }
    }
    kept.push(entry);
  }
  return {
    kept,
    skipped,
    existingExtensionEntries,
    extensionData,
    tableDataCount: kept.filter((entry) => entry.type === 'TABLE DATA').length,
  };
}
