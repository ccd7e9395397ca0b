-- Accounts, sessions, roles and the audit trail.
CREATE TABLE partnerships (
  id serial PRIMARY KEY,
  slug text NOT NULL UNIQUE,
  name text NOT NULL,
  short_name text NOT NULL,
  police_force text NOT NULL,
  plan_year_start_month int NOT NULL DEFAULT 4 CHECK (plan_year_start_month BETWEEN 1 AND 12),
  assessment_year_start_month int NOT NULL DEFAULT 10 CHECK (assessment_year_start_month BETWEEN 1 AND 12),
  version int NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE partnership_areas (
  partnership_id int NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
  lad_code text NOT NULL,
  lad_name text NOT NULL,
  PRIMARY KEY (partnership_id, lad_code)
);

CREATE TABLE users (
  id serial PRIMARY KEY,
  email text NOT NULL UNIQUE,
  name text NOT NULL,
  password_hash text NOT NULL,
  is_instance_admin boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE sessions (
  id text PRIMARY KEY,
  user_id int NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  partnership_id int REFERENCES partnerships(id) ON DELETE CASCADE,
  user_id int REFERENCES users(id) ON DELETE SET NULL,
  at timestamptz NOT NULL DEFAULT now(),
  record_type text NOT NULL,
  record_id int NOT NULL,
  action text NOT NULL,
  summary text NOT NULL DEFAULT '',
  before jsonb,
  after jsonb
);
CREATE INDEX audit_log_record ON audit_log(record_type, record_id, at);
