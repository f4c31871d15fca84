/**
 * Table constraints: added with `ALTER TABLE … ADD CONSTRAINT` after every table exists (so
 * foreign-key cycles need nothing special), dropped, or dropped and added again when their
 * definition changes. `online` adds foreign keys and checks `NOT VALID`, then validates them
 * after the plan's transaction, and builds UNIQUE and PRIMARY KEY constraints from an index built
 * concurrently (see `online.ts`).
 */
import { quoteIdent } from '@pum/core';
import { type Constraint, type Index, objectKey } from '@pum/introspect';
import { reparsableCheck } from '../check-text.js';
import { uniqueFromIndex } from '../online.js';
import { type Draft, type KindStatements, REPLACE } from '../plan-context.js';
import { alterTableOf } from '../sql-names.js';
import { replicaIdentityUsing } from './indexes.js';

/** Table constraints (domain constraints are part of their domain). */
export const constraintStatements: KindStatements<Constraint> = {
  create(constraint, ctx) {
    if (!constraint.local) return [];
    const alter = alterTableOf(ctx.to, constraint);
    const after: string[] = [];
    if (constraint.foreignKey !== null) {
      after.push(
        objectKey('table', constraint.foreignKey.referencedSchema, constraint.foreignKey.referencedTable),
      );
    }
    const name = quoteIdent(constraint.name);
    const definition =
      constraint.type === 'check' ? reparsableCheck(constraint.definition) : constraint.definition;
    const writtenNotValid = /\bNOT VALID$/.test(constraint.definition);
    const canDelay = constraint.type === 'foreign key' || constraint.type === 'check';
    if (ctx.options.online && canDelay && constraint.validated && !writtenNotValid) {
      return [
        { sql: `${alter} ADD CONSTRAINT ${name} ${definition} NOT VALID;`, after },
        // After the transaction that added it commits: validating in it would keep the ADD's
        // ACCESS EXCLUSIVE lock for the whole scan.
        { sql: `${alter} VALIDATE CONSTRAINT ${name};`, transactional: false },
      ];
    }
    const online = ctx.options.online ? uniqueFromIndex(constraint, ctx, alter, after) : undefined;
    if (online) return online;
    const hazards: Draft['hazards'] = constraint.validated ? ['access-exclusive-lock'] : [];
    const out: Draft[] = [{ sql: `${alter} ADD CONSTRAINT ${name} ${definition};`, after, hazards }];
    // The constraint's index, made again with it, is the table's replica identity.
    const index = ctx.to.lookup(objectKey('index', constraint.schema, constraint.name))?.object as
      | Index
      | undefined;
    if (index?.constraint === constraint.name && index.replicaIdentity)
      out.push(replicaIdentityUsing(index, ctx));
    return out;
  },

  drop(constraint, ctx) {
    if (!constraint.local) return [];
    return [{ sql: `${alterTableOf(ctx.from, constraint)} DROP CONSTRAINT ${quoteIdent(constraint.name)};` }];
  },

  alter(from, to, fields, ctx) {
    if ([...fields].every((f) => f === 'validated') && !from.validated && to.validated) {
      return [{ sql: `${alterTableOf(ctx.to, to)} VALIDATE CONSTRAINT ${quoteIdent(to.name)};` }];
    }
    return REPLACE;
  },
};
