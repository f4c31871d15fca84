-- 1.2.0: hydrants, placed on nodes.
CREATE TABLE wn_od.hydrant (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  node bigint NOT NULL REFERENCES wn_od.node (id) ON DELETE CASCADE,
  flow_l_per_min numeric(7, 1) CHECK (flow_l_per_min > 0),
  underground boolean NOT NULL DEFAULT false
);
CREATE INDEX hydrant_node_idx ON wn_od.hydrant (node);
