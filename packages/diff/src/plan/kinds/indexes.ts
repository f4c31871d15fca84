/**
 * Indexes that do not implement a constraint (those come and go with their constraint).
 * `online` builds them `CONCURRENTLY`, a step that cannot run in a transaction.
 */

import { quoteIdent } from '@pum/core';
import { type Index, objectKey } from '@pum/introspect';
import { type Draft, type KindStatements, REPLACE } from '../plan-context.js';
import { nameOf } from '../sql-names.js';

/** Indexes on tables and materialized views. */
export const indexStatements: KindStatements<Index> = {
  create(index, ctx) {
    if (index.constraint !== null) return [];
    const after = [
      objectKey('table', index.schema, index.table),
      objectKey('materialized_view', index.schema, index.table),
    ];
    const out: Draft[] = ctx.options.online
      ? [
          {
            sql: `${index.definition.replace(/^CREATE (UNIQUE )?INDEX /, 'CREATE $1INDEX CONCURRENTLY ')};`,
            transactional: false,
            hazards: ['non-transactional'],
            after,
          },
        ]
      : [{ sql: `${index.definition};`, after, hazards: ['access-exclusive-lock'] }];
    if (index.clustered)
      out.push({ sql: `ALTER TABLE ${qualifiedTable(index)} CLUSTER ON ${quoteIdent(index.name)};` });
    return out;
  },

  drop(index) {
    if (index.constraint !== null) return [];
    return [{ sql: `DROP INDEX ${nameOf(index)};`, hazards: ['access-exclusive-lock'] }];
  },

  alter(_from, to, fields) {
    if (to.constraint !== null) return [];
    if ([...fields].every((f) => f === 'clustered')) {
      return [
        {
          sql: to.clustered
            ? `ALTER TABLE ${qualifiedTable(to)} CLUSTER ON ${quoteIdent(to.name)};`
            : `ALTER TABLE ${qualifiedTable(to)} SET WITHOUT CLUSTER;`,
        },
      ];
    }
    return REPLACE;
  },
};

function qualifiedTable(index: Index): string {
  return nameOf({ schema: index.schema, name: index.table });
}
