/** Deterministic order: every collection sorted by its key, compared by code unit. */
import type { Snapshot } from './snapshot.js';

/** Compare strings by code unit, independent of locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Return `snapshot` with every object collection sorted by `key`, dependencies by `from` and `to` without repeats. */
export function sortSnapshot(snapshot: Snapshot): Snapshot {
  const objects = Object.fromEntries(
    Object.entries(snapshot.objects).map(([kind, list]) => [
      kind,
      [...(list as { key: string }[])].sort((a, b) => compareText(a.key, b.key)),
    ]),
  ) as Snapshot['objects'];
  const sorted = [...snapshot.dependencies].sort(
    (a, b) => compareText(a.from, b.from) || compareText(a.to, b.to),
  );
  // Repeats (one view using one column twice) are removed.
  const dependencies = sorted.filter(
    (d, i) => i === 0 || d.from !== sorted[i - 1]?.from || d.to !== sorted[i - 1]?.to,
  );
  return { ...snapshot, objects, dependencies };
}
