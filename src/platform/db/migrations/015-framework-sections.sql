-- A framework may be written in sections, each with its own commitments ("We will …") and one
-- outcome ("So that …"), beside its numbered items: the Police, Fire and Crime Plan 2021-24 has
-- seven sections and twelve numbered priorities, and does not say which priority sits in which section.
CREATE TABLE framework_sections (
  id serial PRIMARY KEY,
  framework_id int NOT NULL REFERENCES frameworks(id) ON DELETE CASCADE,
  title text NOT NULL,
  commitments jsonb NOT NULL DEFAULT '[]',
  outcome text,
  position int NOT NULL,
  version int NOT NULL DEFAULT 1
);
CREATE INDEX framework_sections_framework ON framework_sections (framework_id, position);
