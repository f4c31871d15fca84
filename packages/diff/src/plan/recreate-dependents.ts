/**
 * Pass 2 of a plan: what must be dropped and created again because something it uses is
 * dropped, replaced or changes type — transitively, views on views included.
 */
import type { ObjectKind } from '@pum/introspect';
import type { UnsupportedChange } from './migration-plan.js';
import type { IndexedSide } from './plan-side.js';
import { dependentsWithChildren, objectOf, RELATION_KINDS } from './side-structure.js';
import { INVALIDATED_BY_RESHAPE, RECREATABLE } from './statements.js';

/** What {@link findRecreations} adds to a plan. */
export interface Recreations {
  /** Column defaults (`default:` keys) to drop first and set again after. */
  replacedDefaults: Set<string>;
  /** Why an object is recreated: the key of what it uses. */
  recreatedFor: Map<string, string>;
}

/**
 * Add to `replaced` every recreatable object that uses a replaced, removed or `reshaped` object
 * (a column whose type changes invalidates only views, rules, policies and triggers). An object
 * whose change would take a non-recreatable one with it (a type under a column) is taken out of
 * `replaced` and reported in `unsupported`. A `rebuilt` object (an enum renamed, created again
 * and dropped) counts as replaced, but the columns given with it are retyped by its own steps.
 */
export function findRecreations(
  before: IndexedSide,
  after: IndexedSide,
  replaced: Map<string, ObjectKind>,
  removed: ReadonlyMap<string, ObjectKind>,
  reshaped: ReadonlySet<string>,
  unsupported: UnsupportedChange[],
  rebuilt: ReadonlyMap<string, ReadonlySet<string>> = new Map(),
): Recreations {
  const replacedDefaults = new Set<string>();
  const recreatedFor = new Map<string, string>();
  const blocked = new Set<string>();
  const work = [...replaced.keys(), ...removed.keys(), ...reshaped, ...rebuilt.keys()];
  const seen = new Set<string>();
  while (work.length > 0) {
    const key = work.pop() as string;
    if (seen.has(key)) continue;
    seen.add(key);
    const onlyReshaped = reshaped.has(key) && !replaced.has(key) && !removed.has(key);
    for (const dependent of dependentsWithChildren(before, key)) {
      if (replaced.has(dependent) || removed.has(dependent) || rebuilt.get(key)?.has(dependent)) continue;
      if (dependent.startsWith('default:')) {
        const column = after.lookup(`column:${dependent.slice('default:'.length)}`);
        if (column !== undefined && !onlyReshaped) replacedDefaults.add(dependent);
        continue;
      }
      const entry = after.lookup(dependent);
      if (entry === undefined) continue;
      if (onlyReshaped && !INVALIDATED_BY_RESHAPE.has(entry.kind)) continue;
      if (!RECREATABLE.has(entry.kind)) {
        if (!removed.has(key)) {
          // Dropping `key` would take `dependent` (a column, a table) with it: leave both alone.
          if (replaced.has(key)) blocked.add(key);
          unsupported.push({
            object: key,
            message: `${dependent} uses it: changing it means dropping ${dependent}, which pum leaves to a person`,
          });
        }
        continue;
      }
      replaced.set(dependent, entry.kind);
      recreatedFor.set(dependent, key);
      work.push(dependent);
    }
  }
  for (const key of blocked) replaced.delete(key);
  for (const [key, kind] of [...replaced]) {
    if (!RELATION_KINDS.has(kind)) continue;
    // Indexes, triggers and rules go with a view or materialized view that is dropped.
    const { schema, name } = objectOf(after, key) as { schema: string; name: string };
    for (const child of before.childrenOf(schema, name)) {
      const entry = after.lookup(child);
      if (entry !== undefined && ['indexes', 'triggers', 'rules', 'policies'].includes(entry.kind))
        replaced.set(child, entry.kind);
    }
  }

  return { replacedDefaults, recreatedFor };
}
