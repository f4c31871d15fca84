/**
 * A sequence's range changing under its current value. `ALTER SEQUENCE` (and an identity
 * column's `SET MINVALUE`/`SET MAXVALUE`) refuses a range that leaves the current value out
 * ("RESTART value (1) cannot be less than MINVALUE (10)"), and `setval` refuses a value outside
 * the range in force. So a narrowing change goes in three steps: widen the range to the union of
 * both, move the current value into the new range when it is outside (a `DO` block: the snapshot
 * does not know the value), then set the new range.
 */
import { quoteLiteral } from '@pum/core';

/** The options of a sequence that bound its values (decimal strings, as the snapshot holds them). */
export interface SequenceRange {
  increment: string;
  min: string;
  max: string;
}

/** Whether `to` leaves out values that `from` allows: the current value may fall outside it. */
export function rangeNarrows(from: SequenceRange, to: SequenceRange): boolean {
  return BigInt(to.min) > BigInt(from.min) || BigInt(to.max) < BigInt(from.max);
}

/** The smallest range holding both, as `[min, max]`. */
export function rangeUnion(from: SequenceRange, to: SequenceRange): [string, string] {
  const min = BigInt(from.min) < BigInt(to.min) ? from.min : to.min;
  const max = BigInt(from.max) > BigInt(to.max) ? from.max : to.max;
  return [min, max];
}

const TYPE_RANK: Record<string, number> = { smallint: 1, integer: 2, bigint: 3 };

/** Whether a sequence (or identity column) of type `from` becomes one of a wider integer type. */
export function sequenceTypeWidens(from: string, to: string): boolean {
  return (TYPE_RANK[to] ?? 0) > (TYPE_RANK[from] ?? 0);
}

/** Whether a sequence (or identity column) of type `from` becomes one of a narrower integer type. */
export function sequenceTypeNarrows(from: string, to: string): boolean {
  return (TYPE_RANK[to] ?? 0) < (TYPE_RANK[from] ?? 0);
}

/**
 * A `DO` block that moves the current value of `sequence` (an SQL expression of type
 * `regclass`) into `to`'s range, run while the range in force holds both ranges. A value the
 * sequence has not reached yet becomes its next value; one it has gone past leaves it at the
 * end, as if it had run out there (`nextval` then fails, or wraps round with `CYCLE`).
 */
export function moveCurrentValue(sequence: string, to: SequenceRange): string {
  const ascending = BigInt(to.increment) > 0n;
  return [
    'DO $pum$ DECLARE s pg_catalog.regclass := ',
    sequence,
    '; v bigint; BEGIN ',
    "EXECUTE pg_catalog.format('SELECT last_value FROM %s', s) INTO v; ",
    `IF v < ${to.min} THEN PERFORM pg_catalog.setval(s, ${to.min}, ${ascending ? 'false' : 'true'}); `,
    `ELSIF v > ${to.max} THEN PERFORM pg_catalog.setval(s, ${to.max}, ${ascending ? 'true' : 'false'}); `,
    'END IF; END $pum$;',
  ].join('');
}

/** The `regclass` of a sequence by name, for {@link moveCurrentValue}. */
export function sequenceByName(qualifiedName: string): string {
  return `${quoteLiteral(qualifiedName)}::pg_catalog.regclass`;
}

/** The `regclass` of an identity column's sequence, for {@link moveCurrentValue}. */
export function identitySequence(qualifiedTable: string, column: string): string {
  return `pg_catalog.pg_get_serial_sequence(${quoteLiteral(qualifiedTable)}, ${quoteLiteral(column)})::pg_catalog.regclass`;
}
