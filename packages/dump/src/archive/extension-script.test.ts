import { describe, expect, it } from 'vitest';
import { parseExtensionScript, unquoteIdent } from './extension-script.js';

const SCRIPT = `--
-- PostgreSQL database dump
--

\\restrict abc

SET statement_timeout = 0;
SET client_encoding = 'UTF8';
SELECT pg_catalog.set_config('search_path', '', false);

CREATE EXTENSION IF NOT EXISTS postgis WITH SCHEMA public;
CREATE EXTENSION IF NOT EXISTS "my-ext" WITH SCHEMA "Odd ""S""";
COMMENT ON EXTENSION postgis IS 'PostGIS geometry and geography spatial types and functions';

COPY public.spatial_ref_sys (srid, auth_name, auth_srid, srtext, proj4text) FROM stdin;
990001\tpum\t990001\t\\N\t+proj=longlat
990002\tpum\t990002\tit's\t+proj=x\\ty
\\.

COPY "Topo"."layer" ("topology_id", "a""b") FROM stdin;
\\.

SELECT pg_catalog.setval('topology.topology_id_seq', 3, true);
SELECT pg_catalog.setval('"O''d".seq', 1, false);
INSERT INTO public.x VALUES (1);

\\unrestrict abc
`;

describe('parseExtensionScript', () => {
  const script = parseExtensionScript(SCRIPT);

  it('reads the schema each extension is created in', () => {
    expect([...script.extensions]).toEqual([
      ['postgis', 'public'],
      ['my-ext', 'Odd "S"'],
    ]);
  });

  it('reads COPY blocks with plain names', () => {
    expect(script.copies).toEqual([
      {
        schema: 'public',
        table: 'spatial_ref_sys',
        columns: ['srid', 'auth_name', 'auth_srid', 'srtext', 'proj4text'],
        rows: [
          ['990001', 'pum', '990001', null, '+proj=longlat'],
          ['990002', 'pum', '990002', "it's", '+proj=x\ty'],
        ],
      },
      { schema: 'Topo', table: 'layer', columns: ['topology_id', 'a"b'], rows: [] },
    ]);
  });

  it('reads sequence values', () => {
    expect(script.sequences).toEqual([
      { sequence: 'topology.topology_id_seq', value: '3', isCalled: true },
      { sequence: `"O'd".seq`, value: '1', isCalled: false },
    ]);
  });

  it('reports what it does not understand', () => {
    expect(script.unknown).toEqual(['INSERT INTO public.x VALUES (1);']);
  });
});

describe('unquoteIdent', () => {
  it('undoes double quoting', () => {
    expect(unquoteIdent('"a ""b"""')).toBe('a "b"');
    expect(unquoteIdent('plain')).toBe('plain');
  });
});
