/** Plan corpus: PostGIS — typmods and SRIDs, GiST indexes, spatial views and checks. */
import { describe, expect, it } from 'vitest';
import { forServer, type PlanCase, usePlanCorpus } from './harness.js';

const corpus = usePlanCorpus({ postgis: true });

const table = (type: string) => `CREATE TABLE parcel (id int PRIMARY KEY, geom geometry(${type}))`;

const cases: PlanCase[] = [
  { name: 'a geometry column', from: 'CREATE TABLE parcel (id int PRIMARY KEY)', to: table('Polygon,2056') },
  { name: 'Polygon to MultiPolygon', from: table('Polygon,2056'), to: table('MultiPolygon,2056') },
  { name: 'an SRID change', from: table('Point,2056'), to: table('Point,4326') },
  {
    name: 'geometry(Polygon,2056) to geometry(MultiPolygon,4326)',
    from: table('Polygon,2056'),
    to: table('MultiPolygon,4326'),
  },
  { name: 'a 3D geometry', from: table('Point,2056'), to: table('PointZ,2056') },
  {
    name: 'a geography column',
    from: 'CREATE TABLE place (id int)',
    to: 'CREATE TABLE place (id int, g geography(Point,4326))',
  },
  {
    name: 'a GiST index',
    from: table('Polygon,2056'),
    to: `${table('Polygon,2056')}; CREATE INDEX parcel_geom ON parcel USING gist (geom)`,
  },
  {
    name: 'a GiST index on a column whose type changes',
    from: `${table('Polygon,2056')}; CREATE INDEX parcel_geom ON parcel USING gist (geom)`,
    to: `${table('MultiPolygon,2056')}; CREATE INDEX parcel_geom ON parcel USING gist (geom)`,
  },
  {
    name: 'a spatial view on a column whose type changes',
    from: `${table('Polygon,2056')}; CREATE VIEW parcel_area AS SELECT id, ST_Area(geom) AS area, geom FROM parcel`,
    to: `${table('MultiPolygon,2056')}; CREATE VIEW parcel_area AS SELECT id, ST_Area(geom) AS area, geom FROM parcel`,
  },
  {
    name: 'a spatial check constraint',
    from: table('Polygon,2056'),
    to: `${table('Polygon,2056')}; ALTER TABLE parcel ADD CONSTRAINT valid CHECK (ST_IsValid(geom))`,
  },
  {
    name: 'a spatial function and a trigger that uses it',
    from: table('Polygon,2056'),
    to: `${table('Polygon,2056')}; CREATE FUNCTION fix() RETURNS trigger LANGUAGE plpgsql AS
      'BEGIN NEW.geom := ST_MakeValid(NEW.geom); RETURN NEW; END';
      CREATE TRIGGER parcel_fix BEFORE INSERT OR UPDATE ON parcel FOR EACH ROW EXECUTE FUNCTION fix()`,
  },
];

describe('plan corpus: PostGIS', () => {
  it.each(forServer(cases))('$name', async (c) => {
    await corpus.check(c);
  });

  it('converts existing rows: ST_Multi for a multi type, ST_Transform for a new SRID', async () => {
    const square =
      "ST_GeomFromText('POLYGON((2600000 1200000, 2600010 1200000, 2600010 1200010, 2600000 1200000))', 2056)";
    const [forward] = await corpus.check({
      name: 'rows',
      from: `${table('Polygon,2056')}; INSERT INTO parcel VALUES (1, ${square})`,
      to: table('MultiPolygon,4326'),
    });
    const retype = forward.steps.find((s) => s.object.endsWith('parcel.geom'));
    expect(retype?.sql).toMatch(
      /USING public\.ST_Transform\(public\.ST_Multi\("geom"\), 4326\)::public\.geometry\(MultiPolygon,4326\);$/,
    );
    expect(retype?.hazards).toEqual(['data-loss', 'table-rewrite', 'access-exclusive-lock']);
    const { rows } = await corpus.from.query(
      `SELECT GeometryType(geom) AS type, ST_SRID(geom) AS srid FROM ${forward.steps[0]?.sql.match(/"p\d+"/)?.[0]}.parcel`,
    );
    expect(rows).toEqual([{ type: 'MULTIPOLYGON', srid: 4326 }]);
  });
});

const ownSchema = usePlanCorpus({
  postgis: true,
  setup:
    'DROP EXTENSION IF EXISTS postgis CASCADE; CREATE SCHEMA IF NOT EXISTS gis; CREATE EXTENSION postgis SCHEMA gis',
});

describe('plan corpus: PostGIS in a schema of its own', () => {
  it.each<PlanCase>([
    {
      name: 'a table, an index and a view using gis.*',
      from: '',
      to: `CREATE TABLE pipe (id int PRIMARY KEY, geom gis.geometry(LineString,2056));
        CREATE INDEX pipe_geom ON pipe USING gist (geom);
        CREATE VIEW pipe_length AS SELECT id, gis.ST_Length(geom) AS length FROM pipe`,
    },
    {
      name: 'a type change of a gis.geometry column under a view',
      from: `CREATE TABLE pipe (id int PRIMARY KEY, geom gis.geometry(LineString,2056));
        CREATE VIEW pipe_length AS SELECT id, gis.ST_Length(geom) AS length FROM pipe`,
      to: `CREATE TABLE pipe (id int PRIMARY KEY, geom gis.geometry(MultiLineString,2056));
        CREATE VIEW pipe_length AS SELECT id, gis.ST_Length(geom) AS length FROM pipe`,
    },
  ])('$name', async (c) => {
    await ownSchema.check(c);
  });
});

// PostGIS in each case's own schema, so that the case's snapshots (of that schema) see what
// changes on its members.
const memberCorpus = usePlanCorpus({
  postgis: true,
  setup: 'DROP EXTENSION IF EXISTS postgis_topology; DROP EXTENSION IF EXISTS postgis CASCADE',
});

const postgisHere = 'CREATE EXTENSION postgis SCHEMA {schema}';
const buffer = '{schema}.st_buffer({schema}.geometry, double precision, text)';

describe('plan corpus: privileges changed on PostGIS functions and tables (pg_init_privs)', () => {
  it.each<PlanCase>([
    {
      name: 'EXECUTE on a PostGIS function revoked from PUBLIC',
      from: postgisHere,
      to: `${postgisHere}; REVOKE EXECUTE ON FUNCTION ${buffer} FROM PUBLIC`,
    },
    {
      name: 'a PostGIS function granted to a role instead of PUBLIC',
      from: `${postgisHere}; REVOKE EXECUTE ON FUNCTION ${buffer} FROM PUBLIC`,
      to: `${postgisHere}; REVOKE EXECUTE ON FUNCTION ${buffer} FROM PUBLIC;
        GRANT EXECUTE ON FUNCTION ${buffer} TO pum_plan_reader WITH GRANT OPTION`,
    },
    {
      name: 'spatial_ref_sys and one of its columns',
      from: postgisHere,
      to: `${postgisHere}; REVOKE SELECT ON {schema}.spatial_ref_sys FROM PUBLIC;
        GRANT SELECT (srid, srtext) ON {schema}.spatial_ref_sys TO pum_plan_reader;
        GRANT USAGE ON TYPE {schema}.geometry TO pum_plan_reader`,
    },
  ])('$name', async (c) => {
    const [forward, backward] = await memberCorpus.check({
      ...c,
      cleanup: 'DROP EXTENSION IF EXISTS postgis CASCADE',
    });
    // Only privileges: the extension's objects themselves are never planned.
    for (const step of [...forward.steps, ...backward.steps]) {
      expect(step.object).toMatch(/^extension_member_privilege:/);
      expect(step.sql).toMatch(/^(GRANT|REVOKE) /);
    }
    expect(forward.steps.length).toBeGreaterThan(0);
  });
});
