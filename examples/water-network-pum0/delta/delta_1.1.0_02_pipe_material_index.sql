CREATE INDEX pipe_material_idx ON wn_od.pipe (material);
