-- The data and value list schemas. The application schema (wn_app) belongs to the hooks.
-- PostGIS is usually there already (it needs a superuser to be created).
CREATE EXTENSION IF NOT EXISTS postgis;
CREATE SCHEMA wn_od;
COMMENT ON SCHEMA wn_od IS 'water network: nodes, pipes, valves';
CREATE SCHEMA wn_vl;
COMMENT ON SCHEMA wn_vl IS 'water network: value lists';
