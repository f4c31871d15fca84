import { describe, expect, it } from 'vitest';
import { type CatalogObject, describeChanges } from './catalog-objects.js';

function objects(...entries: [string, string][]): Map<string, CatalogObject> {
  return new Map(entries.map(([kind, name]) => [`${kind} ${name}`, { kind, name }]));
}

describe('describeChanges', () => {
  it('is empty when nothing changed', () => {
    const same = objects(['schema', 'app'], ['table', 'app.t']);
    expect(describeChanges(same, objects(['table', 'app.t'], ['schema', 'app']))).toEqual([]);
  });

  it('lists a few changes one by one, schemas before tables, created before dropped', () => {
    const before = objects(['view', 'app.old']);
    const after = objects(['table', 'app.b'], ['table', 'app.a'], ['schema', 'app']);
    expect(describeChanges(before, after)).toEqual([
      'created schema app',
      'created table app.a',
      'created table app.b',
      'dropped view app.old',
    ]);
  });

  it('counts many changes per kind, naming a few', () => {
    const tables = Array.from(
      { length: 40 },
      (_, i) => ['table', `app.t${String(i).padStart(2, '0')}`] as [string, string],
    );
    const after = objects(['schema', 'app'], ...tables, ['index', 'app.i1'], ['index', 'app.i2']);
    expect(describeChanges(new Map(), after)).toEqual([
      'created schema app',
      'created 40 tables (app.t00, app.t01, app.t02, …)',
      'created 2 indexes (app.i1, app.i2)',
    ]);
  });
});
