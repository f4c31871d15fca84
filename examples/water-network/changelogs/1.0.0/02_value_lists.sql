-- Value lists are part of the data model: `pum check --data 'wn_vl.*'` compares their rows.
CREATE TABLE wn_vl.pipe_material (
  code text PRIMARY KEY,
  label_en text NOT NULL,
  label_fr text NOT NULL,
  label_de text NOT NULL
);
INSERT INTO wn_vl.pipe_material (code, label_en, label_fr, label_de) VALUES
  ('PE', 'polyethylene', 'polyéthylène', 'Polyethylen'),
  ('DI', 'ductile iron', 'fonte ductile', 'duktiles Gusseisen'),
  ('ST', 'steel', 'acier', 'Stahl');

CREATE TABLE wn_vl.valve_type (
  code text PRIMARY KEY,
  label_en text NOT NULL,
  label_fr text NOT NULL,
  label_de text NOT NULL
);
INSERT INTO wn_vl.valve_type (code, label_en, label_fr, label_de) VALUES
  ('gate', 'gate valve', 'vanne à opercule', 'Schieber'),
  ('butterfly', 'butterfly valve', 'vanne papillon', 'Klappe'),
  ('check', 'check valve', 'clapet anti-retour', 'Rückschlagklappe');
