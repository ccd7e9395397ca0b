-- Delivery monitoring: progress updates on initiatives, their corrections, and each initiative's
-- weight in the roll-up. The delivery feature owns these tables; the plans' tables are untouched.
CREATE TABLE initiative_updates (
  id serial PRIMARY KEY,
  partnership_id int NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
  -- The plan is kept beside the initiative so "what has each initiative of a plan reported since…"
  -- is one indexed read.
  plan_id int NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
  initiative_id int NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,
  reported_on date NOT NULL,
  author_id int REFERENCES users(id) ON DELETE SET NULL,
  organisation_id int REFERENCES organisations(id) ON DELETE SET NULL,
  status text NOT NULL CHECK (status IN ('on_track','at_risk','off_track','completed','delayed','cancelled')),
  reason text,
  narrative text NOT NULL DEFAULT '',
  progress int CHECK (progress BETWEEN 0 AND 100),
  figures jsonb NOT NULL DEFAULT '[]',
  for_publication boolean NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  corrected_at timestamptz,
  version int NOT NULL DEFAULT 1,
  CHECK (status IN ('on_track','at_risk','completed') OR (reason IS NOT NULL AND reason <> ''))
);
CREATE INDEX initiative_updates_initiative ON initiative_updates(initiative_id, reported_on DESC, id DESC);
CREATE INDEX initiative_updates_plan ON initiative_updates(plan_id, initiative_id, reported_on DESC, id DESC);

-- An update as it stood before each correction: who corrected it, when, and the earlier wording.
CREATE TABLE initiative_update_corrections (
  id serial PRIMARY KEY,
  update_id int NOT NULL REFERENCES initiative_updates(id) ON DELETE CASCADE,
  version int NOT NULL,
  before jsonb NOT NULL,
  corrected_by int REFERENCES users(id) ON DELETE SET NULL,
  corrected_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (update_id, version)
);

-- How much an initiative counts in its objective's, priority's and plan's progress (1 unless set).
CREATE TABLE initiative_weights (
  initiative_id int PRIMARY KEY REFERENCES initiatives(id) ON DELETE CASCADE,
  weight numeric NOT NULL CHECK (weight >= 0)
);
