-- The application, recreated after every upgrade: pipes with their length and material label.
CREATE SCHEMA pn_app;
CREATE VIEW pn_app.vw_pipe AS
SELECT
  p.*,
  CASE {lang} WHEN 'fr' THEN m.label_fr WHEN 'de' THEN m.label_de ELSE m.label_en END AS material_label,
  round(sqrt(power(b.x - a.x, 2) + power(b.y - a.y, 2))::numeric, 2) AS length_m
FROM pn_od.pipe p
JOIN pn_od.node a ON a.id = p.start_node
JOIN pn_od.node b ON b.id = p.end_node
LEFT JOIN pn_od.pipe_material m ON m.code = p.material;
