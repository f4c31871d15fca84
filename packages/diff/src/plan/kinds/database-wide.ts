/**
 * Objects outside any schema that a data model may carry: event triggers and publications.
 * (Creating an event trigger takes a superuser.)
 */
import { parseQualifiedName, quoteIdent, quoteLiteral } from '@pum/core';
import { type EventTrigger, objectKey, type Publication } from '@pum/introspect';
import { type Draft, type KindStatements, REPLACE } from '../plan-context.js';
import { ENABLE_WORDS, nameOf } from '../sql-names.js';

/** The key of a trigger function named `schema.name` (event trigger functions take no arguments). */
function functionKey(qualified: string): string {
  const { schema = 'public', name } = parseQualifiedName(qualified);
  return `${objectKey('function', schema, name)}()`;
}

/** Event triggers. */
export const eventTriggerStatements: KindStatements<EventTrigger> = {
  create(trigger) {
    const when =
      trigger.tags.length > 0 ? ` WHEN TAG IN (${trigger.tags.map((t) => quoteLiteral(t)).join(', ')})` : '';
    const out: Draft[] = [
      {
        sql: `CREATE EVENT TRIGGER ${quoteIdent(trigger.name)} ON ${trigger.event}${when} EXECUTE FUNCTION ${trigger.function}();`,
        after: [functionKey(trigger.function)],
      },
    ];
    if (trigger.enabled !== 'origin')
      out.push({ sql: `ALTER EVENT TRIGGER ${quoteIdent(trigger.name)} ${ENABLE_WORDS[trigger.enabled]};` });
    return out;
  },
  drop(trigger) {
    return [{ sql: `DROP EVENT TRIGGER ${quoteIdent(trigger.name)};` }];
  },
  alter(_from, to, fields) {
    if (![...fields].every((f) => f === 'enabled')) return REPLACE;
    return [{ sql: `ALTER EVENT TRIGGER ${quoteIdent(to.name)} ${ENABLE_WORDS[to.enabled]};` }];
  },
};

/** `FOR …` of a publication, empty when it publishes nothing yet. */
function publicationTargets(publication: Publication): string {
  if (publication.allTables) return ' FOR ALL TABLES';
  const parts = [
    ...publication.tables.map((t) => {
      const columns = t.columns !== null ? ` (${t.columns.map(quoteIdent).join(', ')})` : '';
      const where = t.rowFilter !== null ? ` WHERE (${t.rowFilter})` : '';
      return `TABLE ${nameOf({ schema: t.schema, name: t.table })}${columns}${where}`;
    }),
    ...publication.schemas.map((s) => `TABLES IN SCHEMA ${quoteIdent(s)}`),
  ];
  return parts.length > 0 ? ` FOR ${parts.join(', ')}` : '';
}

function publicationOptions(publication: Publication): string {
  return `publish = ${quoteLiteral(publication.operations.join(', '))}, publish_via_partition_root = ${publication.viaRoot}`;
}

/** Publications. */
export const publicationStatements: KindStatements<Publication> = {
  create(publication) {
    return [
      {
        sql: `CREATE PUBLICATION ${quoteIdent(publication.name)}${publicationTargets(publication)} WITH (${publicationOptions(publication)});`,
        after: publication.tables.map((t) => objectKey('table', t.schema, t.table)),
      },
    ];
  },
  drop(publication) {
    return [{ sql: `DROP PUBLICATION ${quoteIdent(publication.name)};` }];
  },
  alter(from, to, fields) {
    if (from.allTables !== to.allTables) return REPLACE;
    const name = quoteIdent(to.name);
    const out: Draft[] = [];
    if (fields.has('tables') || fields.has('schemas')) {
      const targets = publicationTargets(to);
      if (targets === '') return REPLACE;
      out.push({
        sql: `ALTER PUBLICATION ${name} SET${targets.replace(/^ FOR/, '')};`,
        after: to.tables.map((t) => objectKey('table', t.schema, t.table)),
      });
    }
    if (fields.has('operations') || fields.has('viaRoot'))
      out.push({ sql: `ALTER PUBLICATION ${name} SET (${publicationOptions(to)});` });
    return out;
  },
};
