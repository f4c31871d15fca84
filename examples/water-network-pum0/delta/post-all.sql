-- The application: what QGIS layers and forms use. post-all recreates it after every upgrade
-- (pre-all dropped it), so it may change freely between releases.
CREATE SCHEMA wn_app;

CREATE VIEW wn_app.vw_pipe AS
SELECT
  p.*,
  CASE %(lang)s WHEN 'fr' THEN m.label_fr WHEN 'de' THEN m.label_de ELSE m.label_en END AS material_label,
  round(ST_Length(p.geometry)::numeric, 2) AS length_m
FROM wn_od.pipe p
LEFT JOIN wn_vl.pipe_material m ON m.code = p.material;

CREATE VIEW wn_app.vw_valve AS
SELECT
  v.*,
  CASE %(lang)s WHEN 'fr' THEN t.label_fr WHEN 'de' THEN t.label_de ELSE t.label_en END AS type_label,
  n.geometry
FROM wn_od.valve v
JOIN wn_od.node n ON n.id = v.node
JOIN wn_vl.valve_type t ON t.code = v.type;

-- Moving a node drags the ends of its pipes along.
CREATE FUNCTION wn_app.follow_node() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE wn_od.pipe SET geometry = ST_SetPoint(geometry, 0, NEW.geometry) WHERE start_node = NEW.id;
  UPDATE wn_od.pipe SET geometry = ST_SetPoint(geometry, ST_NPoints(geometry) - 1, NEW.geometry)
    WHERE end_node = NEW.id;
  RETURN NEW;
END;
$$;

CREATE TRIGGER follow_node AFTER UPDATE OF geometry ON wn_od.node
  FOR EACH ROW EXECUTE FUNCTION wn_app.follow_node();
