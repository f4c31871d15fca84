/**
 * Indexes that do not implement a constraint (those come and go with their constraint).
 * `online` builds them `CONCURRENTLY`, a step that cannot run in a transaction.
 */

import { quoteIdent } from '@pum/core';
import { type Index, objectKey } from '@pum/introspect';
import {
  attachIndex,
  changesInPlace,
  clonedByServer,
  detachedWithTable,
  droppedWithParent,
  partitionsToWaitFor,
  renameClone,
} from '../partitions.js';
import { type Draft, type KindStatements, type PlanContext, REPLACE } from '../plan-context.js';
import { nameOf } from '../sql-names.js';

/** Indexes on tables and materialized views. */
export const indexStatements: KindStatements<Index> = {
  create(index, ctx) {
    if (index.constraint !== null) return [];
    if (clonedByServer(index, ctx)) return renameClone(index);
    const after = [
      objectKey('table', index.schema, index.table),
      objectKey('materialized_view', index.schema, index.table),
      ...partitionsToWaitFor(index, ctx),
    ];
    // Neither an index of a partitioned table nor one attached to it is built concurrently.
    const partitioned = index.partitionOf !== undefined || isPartitionedTableIndex(index);
    const out: Draft[] =
      ctx.options.online && !partitioned
        ? [
            {
              sql: `${index.definition.replace(/^CREATE (UNIQUE )?INDEX /, 'CREATE $1INDEX CONCURRENTLY ')};`,
              transactional: false,
              hazards: ['non-transactional'],
              after,
            },
          ]
        : [{ sql: `${index.definition};`, after, hazards: ['access-exclusive-lock'] }];
    if (index.partitionOf !== undefined) out.push(attachIndex(index));
    if (index.clustered)
      out.push({ sql: `ALTER TABLE ${qualifiedTable(index)} CLUSTER ON ${quoteIdent(index.name)};` });
    if (index.replicaIdentity) out.push(replicaIdentityUsing(index, ctx));
    return out;
  },

  drop(index, ctx) {
    if (index.constraint !== null || droppedWithParent(index, ctx)) return [];
    return [{ sql: `DROP INDEX ${nameOf(index)};`, hazards: ['access-exclusive-lock'] }];
  },

  alter(from, to, fields, ctx) {
    // The table's own REPLICA IDENTITY step resets it when no index becomes the identity.
    const identity =
      fields.has('replicaIdentity') && to.replicaIdentity ? [replicaIdentityUsing(to, ctx)] : [];
    if (to.constraint !== null) return identity;
    // An index of a partitioned table is valid once every partition's index is attached.
    if (!changesInPlace(fields) || (fields.has('valid') && !isPartitionedTableIndex(to))) return REPLACE;
    const out: Draft[] = [];
    if (fields.has('clustered'))
      out.push({
        sql: to.clustered
          ? `ALTER TABLE ${qualifiedTable(to)} CLUSTER ON ${quoteIdent(to.name)};`
          : `ALTER TABLE ${qualifiedTable(to)} SET WITHOUT CLUSTER;`,
      });
    if (fields.has('partitionOf')) {
      // Attaching a partition attaches its matching index (then this does nothing); an index
      // is detached only with its table.
      if (to.partitionOf !== undefined) out.push(attachIndex(to));
      else if (from.partitionOf !== undefined && !detachedWithTable(to, ctx))
        out.push({
          sql: `-- ${nameOf(to)}: detach from ${nameOf(from.partitionOf)} by hand`,
          hazards: ['manual'],
        });
    }
    out.push(...identity);
    return out;
  },
};

/**
 * `REPLICA IDENTITY USING INDEX`, once the index (or the constraint that owns it) exists and
 * the table's columns have their `NOT NULL`.
 */
export function replicaIdentityUsing(index: Index, ctx: PlanContext): Draft {
  const table = objectKey('table', index.schema, index.table);
  const after = [index.key, ...ctx.to.columnsOf(index.schema, index.table).map((c) => c.key)];
  if (index.constraint !== null)
    after.push(objectKey('constraint', index.schema, index.table, index.constraint));
  return {
    sql: `ALTER TABLE ${qualifiedTable(index)} REPLICA IDENTITY USING INDEX ${quoteIdent(index.name)};`,
    node: `${table}#replica-identity`,
    after,
  };
}

/** The index that is the table's replica identity in the target, if any. */
export function replicaIdentityIndex(ctx: PlanContext, schema: string, table: string): Index | undefined {
  for (const index of ctx.to.objectsOf(['indexes']) as Iterable<Index>)
    if (index.schema === schema && index.table === table && index.replicaIdentity) return index;
  return undefined;
}

/** Whether the index is on a partitioned table (`CREATE INDEX … ON ONLY`). */
function isPartitionedTableIndex(index: Index): boolean {
  return / ON ONLY /.test(index.definition);
}

function qualifiedTable(index: Index): string {
  return nameOf({ schema: index.schema, name: index.table });
}
