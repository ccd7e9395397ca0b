-- C3: Annual Partnership Plans.
CREATE TABLE plans (
  id serial PRIMARY KEY,
  partnership_id int NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
  start_year int NOT NULL,
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','approved','published','revising')),
  introduction text NOT NULL DEFAULT '',
  other_section text NOT NULL DEFAULT '',
  approved_by_body_id int REFERENCES bodies(id) ON DELETE SET NULL,
  approved_on date,
  published_at timestamptz,
  revision int NOT NULL DEFAULT 0,
  version int NOT NULL DEFAULT 1,
  UNIQUE (partnership_id, start_year)
);

CREATE TABLE plan_frameworks (
  plan_id int NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
  framework_id int NOT NULL REFERENCES frameworks(id) ON DELETE CASCADE,
  PRIMARY KEY (plan_id, framework_id)
);

-- A published plan changes only through a revision: the plan as it stood is kept here.
CREATE TABLE plan_revisions (
  id serial PRIMARY KEY,
  plan_id int NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
  revision int NOT NULL,
  reason text NOT NULL,
  user_id int REFERENCES users(id) ON DELETE SET NULL,
  started_at timestamptz NOT NULL DEFAULT now(),
  snapshot jsonb NOT NULL,
  UNIQUE (plan_id, revision)
);

CREATE TABLE priorities (
  id serial PRIMARY KEY,
  plan_id int NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
  number int NOT NULL,
  title text NOT NULL,
  commitments jsonb NOT NULL DEFAULT '[]',
  evidence text NOT NULL DEFAULT '',
  version int NOT NULL DEFAULT 1,
  UNIQUE (plan_id, number)
);

CREATE TABLE objectives (
  id serial PRIMARY KEY,
  priority_id int NOT NULL REFERENCES priorities(id) ON DELETE CASCADE,
  title text NOT NULL,
  position int NOT NULL,
  version int NOT NULL DEFAULT 1
);

CREATE TABLE initiatives (
  id serial PRIMARY KEY,
  plan_id int NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
  priority_id int NOT NULL REFERENCES priorities(id) ON DELETE CASCADE,
  objective_id int REFERENCES objectives(id) ON DELETE SET NULL,
  name text NOT NULL,
  timing_kind text NOT NULL CHECK (timing_kind IN ('dates','ongoing','business_as_usual','various')),
  starts_on date,
  ends_on date,
  timing_text text,
  description text NOT NULL DEFAULT '',
  outcomes text NOT NULL DEFAULT '',
  status text NOT NULL CHECK (status IN ('planned','active','completed','delayed','cancelled')),
  status_reason text,
  priority_refs jsonb NOT NULL DEFAULT '[]',
  crime_types jsonb NOT NULL DEFAULT '[]',
  wards jsonb NOT NULL DEFAULT '[]',
  previous_initiative_id int REFERENCES initiatives(id) ON DELETE SET NULL,
  position int NOT NULL DEFAULT 0,
  version int NOT NULL DEFAULT 1
);
CREATE INDEX initiatives_plan ON initiatives(plan_id);
CREATE INDEX initiatives_previous ON initiatives(previous_initiative_id);

CREATE TABLE initiative_organisations (
  initiative_id int NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,
  organisation_id int NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  role text NOT NULL CHECK (role IN ('lead','support')),
  PRIMARY KEY (initiative_id, organisation_id)
);

CREATE TABLE initiative_framework_items (
  initiative_id int NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,
  framework_item_id int NOT NULL REFERENCES framework_items(id) ON DELETE CASCADE,
  PRIMARY KEY (initiative_id, framework_item_id)
);
