/**
 * Field-level comparison of two versions of one object. Nested plain objects (`identity`,
 * `foreignKey`, `domain`) are compared field by field with dotted paths; arrays (privileges,
 * enum labels, columns of a key) and scalars are compared as whole values.
 */
import type { FieldChange } from './report.js';

type Plain = Record<string, unknown>;

const isPlainObject = (value: unknown): value is Plain =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Deep equality of JSON-like values. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((item, i) => jsonEqual(item, b[i]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    // Absent and undefined are equal; every key of either side is compared.
    for (const key in a) if (!jsonEqual(a[key], b[key])) return false;
    for (const key in b) if (!(key in a) && b[key] !== undefined) return false;
    return true;
  }
  return false;
}

/**
 * List the fields that differ between `from` and `to`, in field order (fields of `from`
 * first, then those only in `to`).
 *
 * @example
 * ```ts
 * compareFields({ type: 'integer', notNull: true }, { type: 'bigint', notNull: true });
 * // [{ field: 'type', from: 'integer', to: 'bigint' }]
 * ```
 */
export function compareFields(from: Plain, to: Plain, prefix = ''): FieldChange[] {
  const changes: FieldChange[] = [];
  const keys = [...new Set([...Object.keys(from), ...Object.keys(to)])];
  for (const key of keys) {
    const a = from[key];
    const b = to[key];
    if (jsonEqual(a, b)) continue;
    const field = `${prefix}${key}`;
    if (isPlainObject(a) && isPlainObject(b)) changes.push(...compareFields(a, b, `${field}.`));
    else changes.push({ field, from: a ?? null, to: b ?? null });
  }
  return changes;
}
