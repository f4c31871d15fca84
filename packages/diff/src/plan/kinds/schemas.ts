/**
 * Schemas and extensions. An extension's drop loses every object it holds (and PostGIS's, the
 * geometry of every table), so it is destructive, and `postgis*` extensions are never dropped by
 * a plan: a schema difference is not a reason to lose spatial data.
 */
import { quoteIdent, quoteLiteral } from '@pum/core';
import type { Extension, SchemaObject } from '@pum/introspect';
import { type KindStatements, REPLACE } from '../plan-context.js';

/** Schemas. */
export const schemaStatements: KindStatements<SchemaObject> = {
  create(schema) {
    return [{ sql: `CREATE SCHEMA ${quoteIdent(schema.name)};` }];
  },
  drop(schema) {
    return [{ sql: `DROP SCHEMA ${quoteIdent(schema.name)};` }];
  },
  alter() {
    return [];
  },
};

/** True for PostGIS and its companions, which a plan never drops. */
export function isPostgisExtension(name: string): boolean {
  return /^postgis/.test(name) || name === 'address_standardizer';
}

/** Extensions. */
export const extensionStatements: KindStatements<Extension> = {
  create(extension) {
    return [
      {
        sql: `CREATE EXTENSION IF NOT EXISTS ${quoteIdent(extension.name)} WITH SCHEMA ${quoteIdent(extension.schema)} VERSION ${quoteLiteral(extension.version)};`,
      },
    ];
  },
  drop(extension) {
    return [{ sql: `DROP EXTENSION ${quoteIdent(extension.name)};`, hazards: ['data-loss'] }];
  },
  alter(_from, to, fields) {
    if (fields.has('relocatable')) return [];
    const out = [];
    if (fields.has('schema')) {
      if (!to.relocatable) return REPLACE;
      out.push({ sql: `ALTER EXTENSION ${quoteIdent(to.name)} SET SCHEMA ${quoteIdent(to.schema)};` });
    }
    if (fields.has('version')) {
      out.push({ sql: `ALTER EXTENSION ${quoteIdent(to.name)} UPDATE TO ${quoteLiteral(to.version)};` });
    }
    return out;
  },
};
