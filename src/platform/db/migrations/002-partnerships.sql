-- C1: organisations, membership per plan year, bodies. C2: frameworks.
CREATE TABLE organisations (
  id serial PRIMARY KEY,
  partnership_id int NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
  name text NOT NULL,
  acronym text,
  kind text NOT NULL CHECK (kind IN ('council','police','fire','probation','health','county_council','housing','charity','education','military','business','other')),
  version int NOT NULL DEFAULT 1,
  UNIQUE (partnership_id, name)
);

CREATE TABLE user_roles (
  user_id int NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  partnership_id int NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
  role text NOT NULL CHECK (role IN ('admin','coordinator','partner_editor','analyst','committee_member','viewer')),
  organisation_id int REFERENCES organisations(id) ON DELETE SET NULL,
  PRIMARY KEY (user_id, partnership_id)
);

CREATE TABLE memberships (
  id serial PRIMARY KEY,
  partnership_id int NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
  organisation_id int NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  plan_year int NOT NULL,           -- the calendar year the plan year starts in: 2022 = 2022-23
  statutory boolean NOT NULL,
  UNIQUE (organisation_id, plan_year)
);

CREATE TABLE bodies (
  id serial PRIMARY KEY,
  partnership_id int NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('strategic_board','delivery_board','task_group','scrutiny_committee','other')),
  version int NOT NULL DEFAULT 1
);

CREATE TABLE body_members (
  id serial PRIMARY KEY,
  body_id int NOT NULL REFERENCES bodies(id) ON DELETE CASCADE,
  person_name text NOT NULL,
  organisation_id int REFERENCES organisations(id) ON DELETE SET NULL,
  role text NOT NULL CHECK (role IN ('chair','deputy_chair','member')),
  term_start date,
  term_end date
);

CREATE TABLE frameworks (
  id serial PRIMARY KEY,
  partnership_id int NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('pcc_plan','county_strategy','council_plan','other')),
  version_label text NOT NULL,
  owner text NOT NULL DEFAULT '',
  starts_on date,
  ends_on date,
  version int NOT NULL DEFAULT 1
);

CREATE TABLE framework_items (
  id serial PRIMARY KEY,
  framework_id int NOT NULL REFERENCES frameworks(id) ON DELETE CASCADE,
  number text NOT NULL,
  title text NOT NULL,
  commitments jsonb NOT NULL DEFAULT '[]',
  outcome text,
  position int NOT NULL,
  UNIQUE (framework_id, number)
);
