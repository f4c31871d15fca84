-- 1.1.0: pipes get a nominal diameter; PVC joins the materials.
ALTER TABLE wn_od.pipe ADD COLUMN diameter_mm integer CHECK (diameter_mm > 0);
COMMENT ON COLUMN wn_od.pipe.diameter_mm IS 'nominal diameter (DN), in millimetres';
INSERT INTO wn_vl.pipe_material (code, label_en, label_fr, label_de) VALUES
  ('PVC', 'polyvinyl chloride', 'polychlorure de vinyle', 'Polyvinylchlorid');
