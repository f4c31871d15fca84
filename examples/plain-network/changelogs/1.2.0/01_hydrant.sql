-- 1.2.0: hydrants, placed on nodes.
CREATE TABLE pn_od.hydrant (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  node bigint NOT NULL REFERENCES pn_od.node (id) ON DELETE CASCADE,
  flow_l_per_min numeric(7, 1) CHECK (flow_l_per_min > 0)
);
