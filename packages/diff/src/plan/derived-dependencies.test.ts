import { describe, expect, it } from 'vitest';
import { column, snapshotWith } from '../snapshot-builder.test-helper.js';
import { derivedDependencies, qualifiedNamesIn } from './derived-dependencies.js';

describe('qualifiedNamesIn', () => {
  it('finds schema-qualified names, quoted or bare, outside string literals', () => {
    expect(qualifiedNamesIn('"My S"."T""x"[]')).toEqual([['My S', 'T"x']]);
    expect(qualifiedNamesIn("CHECK (app.ok(VALUE) AND VALUE <> 'no.thing'::app.code)")).toEqual([
      ['app', 'ok'],
      ['app', 'code'],
    ]);
    expect(qualifiedNamesIn('character varying(10)')).toEqual([]);
    // A column of a table (`s.t.c`) is no schema-qualified name.
    expect(qualifiedNamesIn('s.t.c')).toEqual([]);
  });
});

describe('derivedDependencies', () => {
  it('links columns to their types (arrays too) and collations, and only to objects of the snapshot', () => {
    const type = (name: string) =>
      ({ key: `type:app.${name}`, attributes: null, domain: null, range: null }) as never;
    const snapshot = snapshotWith({
      types: [type('mood')],
      collations: [{ key: 'collation:app.c' } as never],
      columns: [
        column('app', 't', 'm', { type: 'app.mood[]', collation: 'app.c' }),
        column('app', 't', 'g', { type: 'public.geometry(Point,2056)' }),
      ],
    });
    expect(derivedDependencies(snapshot)).toEqual([
      { from: 'column:app.t.m', to: 'type:app.mood' },
      { from: 'column:app.t.m', to: 'collation:app.c' },
    ]);
  });
});
