/**
 * How planned SQL names objects: every identifier goes through @pum/core's `quoteIdent`, and
 * each kind has the words its `ALTER … OWNER`, `COMMENT ON`, `GRANT` and `DROP` statements use.
 */
import { qualifiedName, quoteIdent } from '@pum/core';
import { type ObjectKind, objectKey, type SnapshotObject } from '@pum/introspect';
import type { PlanSide } from './plan-context.js';

type Named = { schema?: string; name: string; table?: string; identityArguments?: string };

/** `"schema"."name"`, or `"name"` for objects outside a schema. */
export function nameOf(object: Named): string {
  return qualifiedName(object.schema, object.name);
}

/** `"schema"."table"` of a sub-object (column, constraint, trigger, policy, rule). */
export function tableOf(object: { schema: string; table: string }): string {
  return qualifiedName(object.schema, object.table);
}

/**
 * `ALTER TABLE "schema"."table"`, or `ALTER FOREIGN TABLE` when the table is a foreign table on
 * `side`: a foreign table is never altered with `ALTER TABLE`.
 */
export function alterTableOf(side: PlanSide, object: { schema: string; table: string }): string {
  const table = side.lookup(objectKey('table', object.schema, object.table))?.object as
    | { kind?: string }
    | undefined;
  return `ALTER ${table?.kind === 'foreign' ? 'FOREIGN ' : ''}TABLE ${tableOf(object)}`;
}

/**
 * `"schema"."name"(identity arguments)`: how DDL names a function. An aggregate without
 * arguments is `name(*)` in `ALTER`/`COMMENT ON`/`DROP AGGREGATE`.
 */
export function signatureOf(
  fn: { schema: string; name: string; identityArguments: string },
  aggregate = false,
): string {
  const args = aggregate && fn.identityArguments === '' ? '*' : fn.identityArguments;
  return `${qualifiedName(fn.schema, fn.name)}(${args})`;
}

/** The object-type words and the name DDL uses for an object of `kind`. */
export function ddlTarget(kind: ObjectKind, object: SnapshotObject): { words: string; name: string } {
  const o = object as unknown as Named & Record<string, unknown>;
  switch (kind) {
    case 'schemas':
      return { words: 'SCHEMA', name: quoteIdent(o.name) };
    case 'extensions':
      return { words: 'EXTENSION', name: quoteIdent(o.name) };
    case 'tables':
      return { words: o.kind === 'foreign' ? 'FOREIGN TABLE' : 'TABLE', name: nameOf(o) };
    case 'views':
      return { words: 'VIEW', name: nameOf(o) };
    case 'materializedViews':
      return { words: 'MATERIALIZED VIEW', name: nameOf(o) };
    case 'sequences':
      return { words: 'SEQUENCE', name: nameOf(o) };
    case 'indexes':
      return { words: 'INDEX', name: nameOf(o) };
    case 'functions':
      return {
        words: o.kind === 'procedure' ? 'PROCEDURE' : o.kind === 'aggregate' ? 'AGGREGATE' : 'FUNCTION',
        name: signatureOf(
          o as { schema: string; name: string; identityArguments: string },
          o.kind === 'aggregate',
        ),
      };
    case 'types':
      return { words: o.kind === 'domain' ? 'DOMAIN' : 'TYPE', name: nameOf(o) };
    case 'collations':
      return { words: 'COLLATION', name: nameOf(o) };
    case 'columns':
      return {
        words: 'COLUMN',
        name: `${tableOf(o as { schema: string; table: string })}.${quoteIdent(o.name)}`,
      };
    case 'constraints':
    case 'triggers':
    case 'policies':
    case 'rules': {
      const words = { constraints: 'CONSTRAINT', triggers: 'TRIGGER', policies: 'POLICY', rules: 'RULE' }[
        kind
      ];
      return { words, name: `${quoteIdent(o.name)} ON ${tableOf(o as { schema: string; table: string })}` };
    }
    case 'eventTriggers':
      return { words: 'EVENT TRIGGER', name: quoteIdent(o.name) };
    case 'publications':
      return { words: 'PUBLICATION', name: quoteIdent(o.name) };
    case 'defaultPrivileges':
      return { words: 'DEFAULT PRIVILEGES', name: '' };
    case 'foreignDataWrappers':
      return { words: 'FOREIGN DATA WRAPPER', name: quoteIdent(o.name) };
    case 'foreignServers':
      return { words: 'SERVER', name: quoteIdent(o.name) };
    case 'userMappings': {
      const m = o as unknown as { user: string; server: string };
      return { words: 'USER MAPPING', name: `FOR ${roleName(m.user)} SERVER ${quoteIdent(m.server)}` };
    }
    case 'extensionMemberPrivileges': {
      const m = o as unknown as { objectType: string; identityArguments: string | null };
      return m.objectType === 'FUNCTION' || m.objectType === 'PROCEDURE'
        ? { words: m.objectType, name: `${nameOf(o)}(${m.identityArguments ?? ''})` }
        : { words: m.objectType === 'COLUMN' ? 'TABLE' : m.objectType, name: nameOf(o) };
    }
  }
}

/** A role name as GRANT and OWNER TO take it: `PUBLIC` bare, others quoted. */
export function roleName(role: string): string {
  return role === 'PUBLIC' ? 'PUBLIC' : quoteIdent(role);
}

/** Strip the trailing `;` and blank space of server-printed definitions. */
export function withoutSemicolon(text: string): string {
  return text.trim().replace(/;\s*$/, '');
}

/** `ALTER TABLE … <words> TRIGGER/RULE` and `ALTER EVENT TRIGGER … <words>` for each firing state. */
export const ENABLE_WORDS = {
  origin: 'ENABLE',
  disabled: 'DISABLE',
  replica: 'ENABLE REPLICA',
  always: 'ENABLE ALWAYS',
} as const;
