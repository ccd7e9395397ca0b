-- C4: measures (KPIs) and their values per period, linked to the plans' priorities and initiatives.
CREATE TABLE measures (
  id serial PRIMARY KEY,
  partnership_id int NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
  name text NOT NULL,
  unit text NOT NULL,
  description text NOT NULL DEFAULT '',
  source_organisation_id int REFERENCES organisations(id) ON DELETE SET NULL,
  frequency text NOT NULL CHECK (frequency IN ('monthly', 'quarterly', 'annual', 'wave')),
  direction text NOT NULL CHECK (direction IN ('up', 'down', 'neither')),
  baseline double precision,
  baseline_period text,
  target double precision,
  target_period text,
  version int NOT NULL DEFAULT 1,
  UNIQUE (partnership_id, name)
);

-- One value per period; the period's first and last days give the time order.
CREATE TABLE measure_values (
  measure_id int NOT NULL REFERENCES measures(id) ON DELETE CASCADE,
  period text NOT NULL,
  starts date NOT NULL,
  ends date NOT NULL,
  value double precision NOT NULL,
  note text NOT NULL DEFAULT '',
  PRIMARY KEY (measure_id, period)
);

CREATE TABLE measure_priorities (
  measure_id int NOT NULL REFERENCES measures(id) ON DELETE CASCADE,
  priority_id int NOT NULL REFERENCES priorities(id) ON DELETE CASCADE,
  PRIMARY KEY (measure_id, priority_id)
);
CREATE INDEX measure_priorities_priority ON measure_priorities (priority_id);

CREATE TABLE measure_initiatives (
  measure_id int NOT NULL REFERENCES measures(id) ON DELETE CASCADE,
  initiative_id int NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,
  PRIMARY KEY (measure_id, initiative_id)
);
CREATE INDEX measure_initiatives_initiative ON measure_initiatives (initiative_id);
