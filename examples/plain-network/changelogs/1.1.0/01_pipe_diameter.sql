-- 1.1.0: pipes get a nominal diameter.
ALTER TABLE pn_od.pipe ADD COLUMN diameter_mm integer CHECK (diameter_mm > 0);
CREATE INDEX pipe_material_idx ON pn_od.pipe (material);
