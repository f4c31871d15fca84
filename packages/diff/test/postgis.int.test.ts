/** PostGIS: typmod changes are column type changes; PostGIS and topology objects are never user objects. */
import { describe, expect, it } from 'vitest';
import { changeLines, useDatabasePair } from './pair.js';

const pair = useDatabasePair({ postgis: true });

describe('PostGIS', () => {
  it('reports geometry(Polygon,2056) → geometry(MultiPolygon,4326) as a column type change', async () => {
    const report = await pair.diff(
      'CREATE TABLE parcel (id int PRIMARY KEY, shape geometry(Polygon, 2056))',
      'CREATE TABLE parcel (id int PRIMARY KEY, shape geometry(MultiPolygon, 4326))',
    );
    expect(report.differences).toHaveLength(1);
    const [columns] = report.differences;
    expect(columns?.kind).toBe('columns');
    expect(columns?.changed).toEqual([
      {
        key: expect.stringMatching(/^column:c\d+\.parcel\.shape$/),
        name: expect.stringMatching(/\.parcel\.shape$/),
        changes: [
          { field: 'type', from: 'public.geometry(Polygon,2056)', to: 'public.geometry(MultiPolygon,4326)' },
        ],
      },
    ]);
  });

  it('reports a geography SRID change and a dimension change', async () => {
    const report = await pair.diff(
      'CREATE TABLE p (g geography(Point, 4326), z geometry(Point, 2056))',
      'CREATE TABLE p (g geography(Point, 4269), z geometry(PointZ, 2056))',
    );
    expect(changeLines(report).map((l) => l.replace(/c\d+\./, ''))).toEqual([
      'columns ~ p.g: type',
      'columns ~ p.z: type',
    ]);
  });

  it('never reports PostGIS functions, types, spatial_ref_sys or the topology schema', async () => {
    await pair.to.query('CREATE EXTENSION IF NOT EXISTS postgis_topology');
    await pair.to.query(`INSERT INTO spatial_ref_sys (srid, auth_name, auth_srid, srtext, proj4text)
      VALUES (990001, 'test', 990001, '', '+proj=longlat +datum=WGS84 +no_defs') ON CONFLICT DO NOTHING`);
    // Only the extension itself differs, not what it contains (extensions are database-wide).
    const report = await pair.diff('SELECT 1', 'SELECT 1');
    expect(changeLines(report)).toEqual(['extensions + postgis_topology']);
    // The same without any schema filter.
    const { introspect } = await import('@pum/introspect');
    const { diffSnapshots } = await import('../src/index.js');
    const whole = diffSnapshots(await introspect(pair.from), await introspect(pair.to), {
      excludeSchemas: ['c*'],
    });
    expect(changeLines(whole)).toEqual(['extensions + postgis_topology']);
  });
});
