-- Nodes, the pipes between them and the valves on them; coordinates in metres.
CREATE SCHEMA pn_od;
CREATE TABLE pn_od.pipe_material (
  code text PRIMARY KEY,
  label_en text NOT NULL,
  label_fr text NOT NULL,
  label_de text NOT NULL
);
INSERT INTO pn_od.pipe_material (code, label_en, label_fr, label_de) VALUES
  ('PE', 'polyethylene', 'polyéthylène', 'Polyethylen'),
  ('DI', 'ductile iron', 'fonte ductile', 'duktiles Gusseisen');

CREATE TABLE pn_od.node (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text UNIQUE,
  x double precision NOT NULL,
  y double precision NOT NULL
);

CREATE TABLE pn_od.pipe (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  start_node bigint NOT NULL REFERENCES pn_od.node (id),
  end_node bigint NOT NULL REFERENCES pn_od.node (id),
  material text REFERENCES pn_od.pipe_material (code),
  CONSTRAINT pipe_not_a_loop CHECK (start_node <> end_node)
);

CREATE TABLE pn_od.valve (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  node bigint NOT NULL REFERENCES pn_od.node (id) ON DELETE CASCADE,
  closed boolean NOT NULL DEFAULT false
);
