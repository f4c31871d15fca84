INSERT INTO pn_od.node (name, x, y) VALUES ('reservoir', 0, 0), ('square', 150, 80), ('school', 300, 20);
INSERT INTO pn_od.pipe (start_node, end_node, material, diameter_mm)
SELECT a.id, b.id, p.material, p.diameter_mm
FROM (VALUES ('reservoir', 'square', 'DI', 150), ('square', 'school', 'PE', 110))
  AS p (from_name, to_name, material, diameter_mm)
JOIN pn_od.node a ON a.name = p.from_name
JOIN pn_od.node b ON b.name = p.to_name;
INSERT INTO pn_od.valve (node) SELECT id FROM pn_od.node WHERE name = 'square';
INSERT INTO pn_od.hydrant (node, flow_l_per_min) SELECT id, 1200 FROM pn_od.node WHERE name = 'school';
