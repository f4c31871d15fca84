/**
 * A sequence's options as the catalog readers take them from `pg_sequence`: for a sequence
 * (relations) and for the sequence behind an identity column (columns) alike.
 */

/** The `pg_sequence` columns a catalog query selects as `seqstart::text`, … `seqcycle`. */
export interface SequenceRow {
  seqstart: string | null;
  seqincrement: string | null;
  seqmin: string | null;
  seqmax: string | null;
  seqcache: string | null;
  seqcycle: boolean | null;
}

/** The options of a sequence row, with PostgreSQL's defaults where the row has none. */
export function sequenceOptions(r: SequenceRow): {
  start: string;
  increment: string;
  min: string;
  max: string;
  cache: string;
  cycle: boolean;
} {
  return {
    start: r.seqstart ?? '1',
    increment: r.seqincrement ?? '1',
    min: r.seqmin ?? '1',
    max: r.seqmax ?? '',
    cache: r.seqcache ?? '1',
    cycle: r.seqcycle ?? false,
  };
}
