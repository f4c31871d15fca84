/**
 * Sequences: created with every option, altered option by option; `OWNED BY` is its own step,
 * ordered after the owning column exists.
 */
import { qualifiedName, quoteIdent } from '@pum/core';
import { objectKey, type Sequence } from '@pum/introspect';
import type { Draft, KindStatements } from '../plan-context.js';
import {
  moveCurrentValue,
  rangeNarrows,
  rangeUnion,
  sequenceByName,
  sequenceTypeWidens,
} from '../sequence-range.js';
import { nameOf } from '../sql-names.js';
import { sequenceOptions } from './columns.js';

function ownedBy(sequence: Sequence): Draft {
  const owner = sequence.ownedBy;
  return {
    sql: `ALTER SEQUENCE ${nameOf(sequence)} OWNED BY ${
      owner === null ? 'NONE' : `${qualifiedName(owner.schema, owner.table)}.${quoteIdent(owner.column)}`
    };`,
    node: `${sequence.key}#owned-by`,
    after: owner === null ? [] : [objectKey('column', owner.schema, owner.table, owner.column), sequence.key],
  };
}

/** Sequences (identity columns' sequences are part of their column). */
export const sequenceStatements: KindStatements<Sequence> = {
  create(sequence) {
    const unlogged = sequence.persistence === 'unlogged' ? 'UNLOGGED ' : '';
    const out: Draft[] = [
      {
        sql: `CREATE ${unlogged}SEQUENCE ${nameOf(sequence)} AS ${sequence.dataType} ${sequenceOptions(sequence)};`,
      },
    ];
    if (sequence.ownedBy !== null) out.push(ownedBy(sequence));
    return out;
  },
  drop(sequence) {
    return [{ sql: `DROP SEQUENCE ${nameOf(sequence)};` }];
  },
  alter(from, to, fields) {
    const out: Draft[] = [];
    if (rangeNarrows(from, to)) {
      // Widen to both ranges, bring the current value into the new one, then narrow.
      const [min, max] = rangeUnion(from, to);
      const as = sequenceTypeWidens(from.dataType, to.dataType) ? `AS ${to.dataType} ` : '';
      out.push(
        { sql: `ALTER SEQUENCE ${nameOf(to)} ${as}MINVALUE ${min} MAXVALUE ${max};` },
        { sql: moveCurrentValue(sequenceByName(nameOf(to)), to) },
      );
    }
    const sets: string[] = [];
    if (fields.has('dataType')) sets.push(`AS ${to.dataType}`);
    if (fields.has('increment')) sets.push(`INCREMENT BY ${to.increment}`);
    // A new type moves a bound that was the old type's own: both are set.
    if (fields.has('min') || fields.has('dataType')) sets.push(`MINVALUE ${to.min}`);
    if (fields.has('max') || fields.has('dataType')) sets.push(`MAXVALUE ${to.max}`);
    if (fields.has('start')) sets.push(`START WITH ${to.start}`);
    if (fields.has('cache')) sets.push(`CACHE ${to.cache}`);
    if (fields.has('cycle')) sets.push(to.cycle ? 'CYCLE' : 'NO CYCLE');
    if (sets.length > 0) out.push({ sql: `ALTER SEQUENCE ${nameOf(to)} ${sets.join(' ')};` });
    if (fields.has('persistence')) {
      out.push({
        sql: `ALTER SEQUENCE ${nameOf(to)} SET ${to.persistence === 'unlogged' ? 'UNLOGGED' : 'LOGGED'};`,
      });
    }
    if (fields.has('ownedBy')) out.push(ownedBy(to));
    return out;
  },
};
