/**
 * PostGIS: typmods of geometry and geography columns, spatial indexes, PostGIS in another
 * schema, postgis_topology and tiger objects never reported as user objects, and legacy
 * AddGeometryColumn tables whose type and SRID live in CHECK constraints.
 */
import { useTestDatabase } from '@pum/test-postgres';
import type pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { introspect } from '../src/index.js';
import { named, snapshotOf } from './helpers.js';

describe('with PostGIS in public', () => {
  const db = useTestDatabase({ postgis: true });
  let client: pg.Client;

  beforeAll(async () => {
    // Without PostGIS the harness skips these tests; there is no database to connect to.
    if (!db.server.postgisTemplate) return;
    client = await db.connect();
    await client.query(`DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'pum_postgis_reader') THEN CREATE ROLE pum_postgis_reader; END IF;
    END $$`);
  });

  it('keeps geometry and geography subtypes and SRIDs', async () => {
    const { snapshot } = await snapshotOf(
      client,
      `CREATE TABLE shapes (
         id int PRIMARY KEY,
         pt geometry(Point, 2056),
         ptz geometry(PointZ, 2056),
         multi geometry(MultiPolygon, 4326),
         line geometry(LineStringZM, 21781),
         any_geom geometry,
         geog geography(Point, 4326),
         geog_poly geography(Polygon)
       )`,
    );
    const type = (name: string) => named(snapshot.objects.columns, name).type;
    expect(type('pt')).toBe('public.geometry(Point,2056)');
    expect(type('ptz')).toBe('public.geometry(PointZ,2056)');
    expect(type('multi')).toBe('public.geometry(MultiPolygon,4326)');
    expect(type('line')).toBe('public.geometry(LineStringZM,21781)');
    expect(type('any_geom')).toBe('public.geometry');
    expect(type('geog')).toBe('public.geography(Point,4326)');
    expect(type('geog_poly')).toBe('public.geography(Polygon,4326)');
  });

  it('reads GiST and SP-GiST spatial indexes', async () => {
    const { schema, snapshot } = await snapshotOf(
      client,
      `CREATE TABLE p (id int, geom geometry(Point, 2056), geog geography(Point, 4326));
       CREATE INDEX p_geom_gist ON p USING gist (geom);
       CREATE INDEX p_geom_nd ON p USING gist (geom gist_geometry_ops_nd);
       CREATE INDEX p_geog_spgist ON p USING spgist (geog)`,
    );
    expect(named(snapshot.objects.indexes, 'p_geom_gist')).toMatchObject({
      method: 'gist',
      definition: `CREATE INDEX p_geom_gist ON ${schema}.p USING gist (geom)`,
    });
    expect(named(snapshot.objects.indexes, 'p_geom_nd').definition).toContain('gist_geometry_ops_nd');
    expect(named(snapshot.objects.indexes, 'p_geog_spgist').method).toBe('spgist');
  });

  it('never reports PostGIS functions, types or tables as user objects', async () => {
    const snapshot = await introspect(client, { includeSchemas: ['public'] });
    expect(snapshot.server.postgis).toMatch(/^3\./);
    expect(snapshot.objects.functions).toEqual([]);
    expect(snapshot.objects.types).toEqual([]);
    expect(snapshot.objects.tables).toEqual([]);
    expect(snapshot.objects.views).toEqual([]);
    expect(snapshot.unmodeled).toEqual({});
    expect(named(snapshot.objects.extensions, 'postgis')).toMatchObject({
      schema: 'public',
      relocatable: false,
    });
    // Asking for extension members brings them back.
    const withMembers = await introspect(client, {
      includeSchemas: ['public'],
      includeExtensionMembers: true,
    });
    expect(withMembers.objects.tables.map((t) => t.name)).toContain('spatial_ref_sys');
    expect(withMembers.objects.functions.length).toBeGreaterThan(300);
    expect(withMembers.objects.functions.some((f) => f.name === 'st_extent' && f.kind === 'aggregate')).toBe(
      true,
    );
  });

  it('reports privileges changed on PostGIS members (pg_init_privs), not the members themselves', async () => {
    const fresh = await introspect(client, { includeSchemas: ['public'] });
    expect(fresh.objects.extensionMemberPrivileges).toEqual([]);
    await client.query(`REVOKE EXECUTE ON FUNCTION public.st_buffer(public.geometry, double precision, text) FROM PUBLIC;
      GRANT EXECUTE ON FUNCTION public.st_buffer(public.geometry, double precision, text) TO pum_postgis_reader;
      REVOKE SELECT ON public.spatial_ref_sys FROM PUBLIC;
      GRANT UPDATE (srtext) ON public.spatial_ref_sys TO pum_postgis_reader`);
    try {
      const snapshot = await introspect(client, { includeSchemas: ['public'] });
      expect(snapshot.objects.functions).toEqual([]);
      expect(snapshot.objects.tables).toEqual([]);
      expect(snapshot.objects.extensionMemberPrivileges).toEqual([
        {
          key: 'extension_member_privilege:column:public.spatial_ref_sys.srtext',
          extension: 'postgis',
          objectType: 'COLUMN',
          schema: 'public',
          name: 'spatial_ref_sys',
          column: 'srtext',
          identityArguments: null,
          privileges: [{ grantee: 'pum_postgis_reader', privileges: ['UPDATE'], grantable: [] }],
          initialPrivileges: [],
        },
        {
          key: 'extension_member_privilege:function:public.st_buffer(geom public.geometry, radius double precision, options text)',
          extension: 'postgis',
          objectType: 'FUNCTION',
          schema: 'public',
          name: 'st_buffer',
          column: null,
          identityArguments: 'geom public.geometry, radius double precision, options text',
          privileges: [
            { grantee: 'postgres', privileges: ['EXECUTE'], grantable: [] },
            { grantee: 'pum_postgis_reader', privileges: ['EXECUTE'], grantable: [] },
          ],
          initialPrivileges: [
            { grantee: 'PUBLIC', privileges: ['EXECUTE'], grantable: [] },
            { grantee: 'postgres', privileges: ['EXECUTE'], grantable: [] },
          ],
        },
        {
          key: 'extension_member_privilege:table:public.spatial_ref_sys',
          extension: 'postgis',
          objectType: 'TABLE',
          schema: 'public',
          name: 'spatial_ref_sys',
          column: null,
          identityArguments: null,
          privileges: [
            {
              grantee: 'postgres',
              privileges: ['DELETE', 'INSERT', 'REFERENCES', 'SELECT', 'TRIGGER', 'TRUNCATE', 'UPDATE']
                .concat(db.server.major >= 17 ? ['MAINTAIN'] : [])
                .sort(),
              grantable: [],
            },
          ],
          initialPrivileges: [
            { grantee: 'PUBLIC', privileges: ['SELECT'], grantable: [] },
            {
              grantee: 'postgres',
              privileges: ['DELETE', 'INSERT', 'REFERENCES', 'SELECT', 'TRIGGER', 'TRUNCATE', 'UPDATE']
                .concat(db.server.major >= 17 ? ['MAINTAIN'] : [])
                .sort(),
              grantable: [],
            },
          ],
        },
      ]);
      // Outside the schema filter, not read.
      const other = await introspect(client, { excludeSchemas: ['public'] });
      expect(other.objects.extensionMemberPrivileges).toEqual([]);
      // With the members, their own privileges say it.
      const members = await introspect(client, { includeSchemas: ['public'], includeExtensionMembers: true });
      expect(members.objects.extensionMemberPrivileges).toEqual([]);
    } finally {
      await client.query(`GRANT EXECUTE ON FUNCTION public.st_buffer(public.geometry, double precision, text) TO PUBLIC;
        REVOKE EXECUTE ON FUNCTION public.st_buffer(public.geometry, double precision, text) FROM pum_postgis_reader;
        GRANT SELECT ON public.spatial_ref_sys TO PUBLIC;
        REVOKE UPDATE (srtext) ON public.spatial_ref_sys FROM pum_postgis_reader`);
    }
    const restored = await introspect(client, { includeSchemas: ['public'] });
    expect(restored.objects.extensionMemberPrivileges).toEqual([]);
  });

  it('leaves out postgis_topology, its schema and its tables', async () => {
    await client.query('CREATE EXTENSION IF NOT EXISTS postgis_topology');
    const snapshot = await introspect(client);
    expect(snapshot.objects.schemas.map((s) => s.name)).not.toContain('topology');
    expect(snapshot.objects.tables.filter((t) => t.schema === 'topology')).toEqual([]);
    expect(snapshot.objects.functions.filter((f) => f.schema === 'topology')).toEqual([]);
    expect(snapshot.objects.extensions.map((e) => e.name)).toEqual(
      expect.arrayContaining(['postgis', 'postgis_topology']),
    );
  });

  it('reads legacy AddGeometryColumn tables with type and SRID in CHECK constraints', async () => {
    const { schema, snapshot } = await snapshotOf(
      client,
      `CREATE TABLE legacy (id int PRIMARY KEY);
       SELECT public.AddGeometryColumn(current_schema()::varchar, 'legacy', 'geom', 21781, 'POINT', 2, false)`,
    );
    expect(named(snapshot.objects.columns, 'geom').type).toBe('public.geometry');
    const checks = snapshot.objects.constraints
      .filter((c) => c.type === 'check')
      .map((c) => [c.name, c.definition]);
    expect(checks).toEqual(
      expect.arrayContaining([
        ['enforce_srid_geom', 'CHECK ((public.st_srid(geom) = 21781))'],
        ['enforce_dims_geom', 'CHECK ((public.st_ndims(geom) = 2))'],
        ['enforce_geotype_geom', "CHECK (((public.geometrytype(geom) = 'POINT'::text) OR (geom IS NULL)))"],
      ]),
    );
    expect(schema).toMatch(/^t\d+_/);
  });
});

describe('with PostGIS in its own schema', () => {
  const db = useTestDatabase({ postgis: true });
  let client: pg.Client;

  beforeAll(async () => {
    if (!db.server.postgisTemplate) return;
    client = await db.connect();
    // The template has PostGIS in public; move the whole setup to a database where it lives in `gis`.
    await client.query(`DROP EXTENSION IF EXISTS postgis_topology; DROP EXTENSION postgis CASCADE;
      CREATE SCHEMA gis; CREATE EXTENSION postgis SCHEMA gis;
      CREATE TABLE public.parcel (id int PRIMARY KEY, shape gis.geometry(Polygon, 2056))`);
  });

  it('reports the extension in its schema and no PostGIS objects', async () => {
    const snapshot = await introspect(client);
    expect(named(snapshot.objects.extensions, 'postgis').schema).toBe('gis');
    expect(named(snapshot.objects.schemas, 'gis')).toBeTruthy();
    expect(snapshot.objects.functions.filter((f) => f.schema === 'gis')).toEqual([]);
    expect(snapshot.objects.tables.map((t) => t.key)).toEqual(['table:public.parcel']);
    expect(named(snapshot.objects.columns, 'shape').type).toBe('gis.geometry(Polygon,2056)');
  });
});
