/**
 * "Uses" relations a snapshot's `dependencies` leave out, read from the objects themselves: the
 * type and collation of a column, of a composite type's attribute and of a domain, a domain's
 * base type, and the functions and types its checks and default name; the types of a
 * function's arguments and result; the partitioned index an index is attached to. `pg_depend` has some of them only for objects it can key
 * (not a composite type's attributes, not an array type, not a domain's constraints, not
 * collations), so the planner derives them for both sides.
 *
 * Names are found in the text the server printed with `search_path = pg_catalog`, where every
 * object outside `pg_catalog` is schema-qualified (`p1.mood[]`, `"My S".f(VALUE)`).
 */
import type { Column, Dependency, Index, Snapshot, TypeObject } from '@pum/introspect';
import { objectKey } from '@pum/introspect';
import { parentIndexKey } from './partitions.js';

const PART = '(?:"(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*)';
/** `schema.name` not preceded by another name part or dot (`t.col` of `s.t.col` is not one). */
const QUALIFIED = new RegExp(String.raw`(?<![\w$".])(${PART})\.(${PART})(?![\w$".])`, 'g');

/** A name part without its quotes. */
function unquote(part: string): string {
  return part.startsWith('"') ? part.slice(1, -1).replaceAll('""', '"') : part;
}

/** Every `schema.name` in `text` outside string literals, as `[schema, name]`. */
export function qualifiedNamesIn(text: string): [string, string][] {
  const code = text.replace(/'(?:[^']|'')*'/g, "''");
  return [...code.matchAll(QUALIFIED)].map((m) => [unquote(m[1] as string), unquote(m[2] as string)]);
}

/** What one snapshot's objects use, beyond what its recorded dependencies say. */
export function derivedDependencies(snapshot: Snapshot): Dependency[] {
  const types = new Set(snapshot.objects.types.map((t) => t.key));
  const collations = new Set(snapshot.objects.collations.map((c) => c.key));
  const functions = new Map<string, string[]>();
  for (const f of snapshot.objects.functions) {
    const name = objectKey('function', f.schema, f.name);
    const list = functions.get(name);
    if (list) list.push(f.key);
    else functions.set(name, [f.key]);
  }
  const out: Dependency[] = [];
  /** `from` uses the types, collations and functions `text` names. */
  const uses = (from: string, text: string | null, kinds: 'type' | 'collation' | 'any') => {
    if (text === null) return;
    for (const [schema, name] of qualifiedNamesIn(text)) {
      if (kinds !== 'collation') {
        const type = objectKey('type', schema, name);
        if (types.has(type) && type !== from) out.push({ from, to: type });
      }
      if (kinds !== 'type') {
        const collation = objectKey('collation', schema, name);
        if (collations.has(collation)) out.push({ from, to: collation });
      }
      if (kinds === 'any') {
        for (const to of functions.get(objectKey('function', schema, name)) ?? []) out.push({ from, to });
      }
    }
  };
  for (const column of snapshot.objects.columns as Column[]) {
    uses(column.key, column.type, 'type');
    uses(column.key, column.collation, 'collation');
  }
  // An argument or result of an array type: pg_depend names the array type, which has no key.
  for (const f of snapshot.objects.functions) {
    uses(f.key, f.arguments, 'type');
    uses(f.key, f.result, 'type');
  }
  for (const type of snapshot.objects.types as TypeObject[]) {
    for (const attribute of type.attributes ?? []) {
      uses(type.key, attribute.type, 'type');
      uses(type.key, attribute.collation, 'collation');
    }
    const domain = type.domain;
    if (domain !== null) {
      uses(type.key, domain.baseType, 'type');
      uses(type.key, domain.collation, 'collation');
      uses(type.key, domain.default, 'any');
      for (const c of domain.constraints) uses(type.key, c.definition, 'any');
    }
    if (type.range !== null) {
      uses(type.key, type.range.subtype, 'type');
      uses(type.key, type.range.collation, 'collation');
    }
  }
  // An index attached to a partitioned index goes when that index is dropped.
  for (const index of snapshot.objects.indexes as Index[]) {
    const parent = parentIndexKey(index);
    if (parent !== undefined) out.push({ from: index.key, to: parent });
  }
  return out;
}
