/**
 * Fields added to snapshot format version 1 after its first release, which a snapshot file
 * written before them lacks. Where an absent field also has a meaning of its own in newer
 * files, the file's content tells the two apart; a field an older side cannot hold is not
 * compared.
 */
import type { Index, Snapshot, Table } from '@pum/introspect';

/**
 * Whether `snapshot` predates an index's `partitionOf` (absent there meant "not recorded", not
 * "attached to none"): no index has it, though a partitioned table has a valid index and a
 * partition that can hold one. A valid index of a partitioned table has an index attached to
 * it in each such partition, which a newer snapshot records.
 */
export function lacksIndexPartitionOf(snapshot: Snapshot): boolean {
  const indexes = snapshot.objects.indexes as Index[];
  if (indexes.some((index) => index.partitionOf !== undefined)) return false;
  const tables = snapshot.objects.tables as Table[];
  const indexed = new Set(
    indexes.filter((index) => index.valid).map((index) => `${index.schema}\u0000${index.table}`),
  );
  return tables.some(
    (table) =>
      table.partitionOf !== null &&
      table.kind !== 'foreign' &&
      indexed.has(`${table.partitionOf.schema}\u0000${table.partitionOf.name}`) &&
      tables.some(
        (parent) =>
          parent.kind === 'partitioned' &&
          parent.schema === table.partitionOf?.schema &&
          parent.name === table.partitionOf.name,
      ),
  );
}
