-- Nodes, the pipes between them and the valves on them, in the SRID chosen at install.
CREATE TABLE wn_od.node (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text,
  altitude_m numeric(7, 2),
  geometry geometry(Point, {SRID}) NOT NULL
);
CREATE INDEX node_geometry_idx ON wn_od.node USING gist (geometry);

CREATE TABLE wn_od.pipe (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  start_node bigint NOT NULL REFERENCES wn_od.node (id),
  end_node bigint NOT NULL REFERENCES wn_od.node (id),
  material text REFERENCES wn_vl.pipe_material (code),
  year_built integer CHECK (year_built BETWEEN 1850 AND 2100),
  geometry geometry(LineString, {SRID}) NOT NULL,
  CONSTRAINT pipe_not_a_loop CHECK (start_node <> end_node)
);
CREATE INDEX pipe_geometry_idx ON wn_od.pipe USING gist (geometry);
COMMENT ON TABLE wn_od.pipe IS 'a pipe between two nodes';

CREATE TABLE wn_od.valve (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  node bigint NOT NULL REFERENCES wn_od.node (id) ON DELETE CASCADE,
  type text NOT NULL REFERENCES wn_vl.valve_type (code),
  closed boolean NOT NULL DEFAULT false
);
