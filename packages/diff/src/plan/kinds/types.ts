/**
 * User types: enums, domains, composite types and ranges. Enum values are added in place; an
 * enum whose values are removed or reordered is rebuilt (enum-replacement.ts); domains and
 * composite types are altered in place; anything else drops and creates the type, which loses
 * the columns that use it, so it is left to a person.
 */
import { quoteIdent, quoteLiteral } from '@pum/core';
import type { TypeObject } from '@pum/introspect';
import { reparsableCheck } from '../check-text.js';
import { enumReplacement, usesAddedValues } from '../enum-replacement.js';
import { type Draft, type KindStatements, type PlanContext, REPLACE } from '../plan-context.js';
import { nameOf } from '../sql-names.js';

function createSql(type: TypeObject): string {
  const name = nameOf(type);
  if (type.labels !== null)
    return `CREATE TYPE ${name} AS ENUM (${type.labels.map((l) => quoteLiteral(l)).join(', ')});`;
  if (type.domain !== null) {
    const d = type.domain;
    let sql = `CREATE DOMAIN ${name} AS ${d.baseType}`;
    if (d.collation !== null) sql += ` COLLATE ${d.collation}`;
    if (d.default !== null) sql += ` DEFAULT ${d.default}`;
    if (d.notNull) sql += ' NOT NULL';
    // CREATE DOMAIN takes no NOT VALID: those constraints are added after (by ALTER DOMAIN in create()).
    for (const c of d.constraints.filter((c) => c.validated))
      sql += ` CONSTRAINT ${quoteIdent(c.name)} ${reparsableCheck(c.definition)}`;
    return `${sql};`;
  }
  if (type.attributes !== null) {
    const attributes = type.attributes.map(
      (a) => `${quoteIdent(a.name)} ${a.type}${a.collation !== null ? ` COLLATE ${a.collation}` : ''}`,
    );
    return `CREATE TYPE ${name} AS (${attributes.join(', ')});`;
  }
  const r = type.range;
  if (r === null) throw new Error(`${type.key} has no details`);
  const parts = [`SUBTYPE = ${r.subtype}`];
  if (r.operatorClass !== null) parts.push(`SUBTYPE_OPCLASS = ${r.operatorClass}`);
  if (r.collation !== null) parts.push(`COLLATION = ${r.collation}`);
  // The snapshot names support functions with their arguments; CREATE TYPE takes the name alone.
  const functionName = (signature: string) => signature.replace(/\(.*\)$/, '');
  if (r.canonical !== null) parts.push(`CANONICAL = ${functionName(r.canonical)}`);
  if (r.subtypeDiff !== null) parts.push(`SUBTYPE_DIFF = ${functionName(r.subtypeDiff)}`);
  return `CREATE TYPE ${name} AS RANGE (${parts.join(', ')});`;
}

/** `ADD VALUE` steps when `after` keeps `before`'s labels in order; `null` otherwise. */
function enumAdditions(
  type: TypeObject,
  before: readonly string[],
  after: readonly string[],
): Draft[] | null {
  const kept = after.filter((l) => before.includes(l));
  if (kept.length !== before.length || kept.some((l, i) => l !== before[i])) return null;
  const out: Draft[] = [];
  for (const [i, label] of after.entries()) {
    if (before.includes(label)) continue;
    const next = after.slice(i + 1).find((l) => before.includes(l));
    const previous = after.slice(0, i).reverse()[0];
    const where =
      next !== undefined
        ? ` BEFORE ${quoteLiteral(next)}`
        : previous !== undefined
          ? ` AFTER ${quoteLiteral(previous)}`
          : '';
    out.push({ sql: `ALTER TYPE ${nameOf(type)} ADD VALUE ${quoteLiteral(label)}${where};` });
  }
  return out;
}

/** Values added in place, or the enum rebuilt (values removed or reordered, or a new one used at once). */
function enumChanges(from: TypeObject, to: TypeObject, ctx: PlanContext): Draft[] | null {
  const additions = enumAdditions(to, from.labels ?? [], to.labels ?? []);
  if (additions !== null && !usesAddedValues(from, to, ctx)) return additions;
  return enumReplacement(from, to, [{ sql: createSql(to) }], ctx);
}

/** Domain changes: default, NOT NULL and constraints. */
function domainChanges(from: TypeObject, to: TypeObject): Draft[] | null {
  const a = from.domain;
  const b = to.domain;
  if (a === null || b === null || a.baseType !== b.baseType || a.collation !== b.collation) return null;
  const alter = `ALTER DOMAIN ${nameOf(to)}`;
  const out: Draft[] = [];
  if (a.default !== b.default)
    out.push({ sql: b.default === null ? `${alter} DROP DEFAULT;` : `${alter} SET DEFAULT ${b.default};` });
  if (a.notNull !== b.notNull) out.push({ sql: `${alter} ${b.notNull ? 'SET' : 'DROP'} NOT NULL;` });
  const same = (x: { name: string; definition: string }, y: { name: string; definition: string }) =>
    x.name === y.name && x.definition === y.definition;
  for (const c of a.constraints) {
    if (!b.constraints.some((d) => same(c, d)))
      out.push({ sql: `${alter} DROP CONSTRAINT ${quoteIdent(c.name)};` });
  }
  for (const c of b.constraints) {
    const old = a.constraints.find((d) => same(c, d));
    if (old === undefined) {
      out.push({ sql: `${alter} ADD CONSTRAINT ${quoteIdent(c.name)} ${reparsableCheck(c.definition)};` });
    } else if (!old.validated && c.validated) {
      out.push({ sql: `${alter} VALIDATE CONSTRAINT ${quoteIdent(c.name)};` });
    }
    const oldComment = old?.comment ?? null;
    if (c.comment !== oldComment) {
      out.push({
        sql: `COMMENT ON CONSTRAINT ${quoteIdent(c.name)} ON DOMAIN ${nameOf(to)} IS ${quoteLiteral(c.comment)};`,
      });
    }
  }
  return out;
}

/** Composite type changes: attributes added, dropped or retyped. */
function compositeChanges(from: TypeObject, to: TypeObject): Draft[] | null {
  if (from.attributes === null || to.attributes === null) return null;
  const alter = `ALTER TYPE ${nameOf(to)}`;
  const out: Draft[] = [];
  for (const a of from.attributes) {
    if (!to.attributes.some((b) => b.name === a.name))
      out.push({ sql: `${alter} DROP ATTRIBUTE ${quoteIdent(a.name)};`, hazards: ['data-loss'] });
  }
  for (const b of to.attributes) {
    const a = from.attributes.find((x) => x.name === b.name);
    const collate = b.collation !== null ? ` COLLATE ${b.collation}` : '';
    if (a === undefined)
      out.push({ sql: `${alter} ADD ATTRIBUTE ${quoteIdent(b.name)} ${b.type}${collate};` });
    else if (a.type !== b.type || a.collation !== b.collation)
      out.push({
        sql: `${alter} ALTER ATTRIBUTE ${quoteIdent(b.name)} TYPE ${b.type}${collate};`,
        hazards: ['data-loss'],
      });
  }
  // Attributes only appended keep the order; a reorder cannot be done in place.
  const order = to.attributes.map((a) => a.name).filter((n) => from.attributes?.some((a) => a.name === n));
  const oldOrder = from.attributes.map((a) => a.name).filter((n) => order.includes(n));
  if (order.some((n, i) => n !== oldOrder[i])) return null;
  const appended = to.attributes.findIndex((a) => !from.attributes?.some((b) => b.name === a.name));
  if (
    appended !== -1 &&
    to.attributes.slice(appended).some((a) => from.attributes?.some((b) => b.name === a.name))
  )
    return null;
  return out;
}

/** Enums, domains, composite types and ranges. */
export const typeStatements: KindStatements<TypeObject> = {
  create(type) {
    const out: Draft[] = [{ sql: createSql(type) }];
    for (const c of type.domain?.constraints ?? []) {
      if (c.validated) continue;
      const check = reparsableCheck(c.definition);
      const definition = /\bNOT VALID\s*$/.test(check) ? check : `${check} NOT VALID`;
      out.push({ sql: `ALTER DOMAIN ${nameOf(type)} ADD CONSTRAINT ${quoteIdent(c.name)} ${definition};` });
    }
    for (const c of type.domain?.constraints ?? []) {
      if (c.comment !== null)
        out.push({
          sql: `COMMENT ON CONSTRAINT ${quoteIdent(c.name)} ON DOMAIN ${nameOf(type)} IS ${quoteLiteral(c.comment)};`,
        });
    }
    return out;
  },
  drop(type) {
    return [
      { sql: `DROP ${type.kind === 'domain' ? 'DOMAIN' : 'TYPE'} ${nameOf(type)};`, hazards: ['data-loss'] },
    ];
  },
  alter(from, to, _fields, ctx) {
    if (from.kind !== to.kind) return REPLACE;
    const steps =
      to.kind === 'enum'
        ? enumChanges(from, to, ctx)
        : to.kind === 'domain'
          ? domainChanges(from, to)
          : to.kind === 'composite'
            ? compositeChanges(from, to)
            : null;
    return steps ?? REPLACE;
  },
};
