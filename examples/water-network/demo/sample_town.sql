-- A few nodes, pipes and valves around a made-up town square.
INSERT INTO wn_od.node (name, altitude_m, geometry) VALUES
  ('reservoir', 612.00, ST_SetSRID(ST_MakePoint(2600000, 1200000), {SRID})),
  ('square', 587.50, ST_SetSRID(ST_MakePoint(2600150, 1200080), {SRID})),
  ('school', 585.20, ST_SetSRID(ST_MakePoint(2600300, 1200020), {SRID}));

INSERT INTO wn_od.pipe (start_node, end_node, material, year_built, diameter_mm, geometry)
SELECT a.id, b.id, p.material, p.year_built, p.diameter_mm, ST_MakeLine(a.geometry, b.geometry)
FROM (VALUES ('reservoir', 'square', 'DI', 1968, 150), ('square', 'school', 'PE', 2004, 110))
  AS p (from_name, to_name, material, year_built, diameter_mm)
JOIN wn_od.node a ON a.name = p.from_name
JOIN wn_od.node b ON b.name = p.to_name;

INSERT INTO wn_od.valve (node, type)
SELECT id, 'gate' FROM wn_od.node WHERE name = 'square';

INSERT INTO wn_od.hydrant (node, flow_l_per_min)
SELECT id, 1200 FROM wn_od.node WHERE name = 'school';
