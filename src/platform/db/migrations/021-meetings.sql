-- C6: meetings of a partnership's bodies — agendas (Part A public, Part B exempt), reports, attendance,
-- declarations of interest and minutes numbered continuously across a body's meetings.
CREATE TABLE meetings (
  id serial PRIMARY KEY,
  body_id int NOT NULL REFERENCES bodies(id) ON DELETE CASCADE,
  meets_on date NOT NULL,
  starts_at text CHECK (starts_at ~ '^[0-2][0-9]:[0-5][0-9]$'),   -- local time, HH:MM; null when not recorded
  venue text NOT NULL DEFAULT '',
  remote_link text NOT NULL DEFAULT '',
  status text NOT NULL CHECK (status IN ('scheduled','held','cancelled','adjourned')),
  minutes_published boolean NOT NULL DEFAULT false,   -- the public may read the minutes
  minutes_published_on date,          -- when they were published; null when not recorded
  minutes_confirmed_on date,          -- confirmed as a correct record: locked
  minutes_confirmed_at int REFERENCES meetings(id) ON DELETE SET NULL,  -- the meeting that confirmed them
  version int NOT NULL DEFAULT 1
);
CREATE INDEX meetings_body ON meetings (body_id, meets_on);

CREATE TABLE agenda_items (
  id serial PRIMARY KEY,
  meeting_id int NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  position int NOT NULL,
  title text NOT NULL,
  description text NOT NULL DEFAULT '',
  part text NOT NULL CHECK (part IN ('A','B')),
  exemption_paragraph text,           -- Schedule 12A paragraph that makes a Part B item exempt
  standard text,                      -- which standard item of the template it came from
  CHECK (part = 'A' OR exemption_paragraph IS NOT NULL),
  UNIQUE (meeting_id, position)
);

CREATE TABLE agenda_reports (
  id serial PRIMARY KEY,
  agenda_item_id int NOT NULL REFERENCES agenda_items(id) ON DELETE CASCADE,
  file_name text NOT NULL,
  media_type text NOT NULL,
  size_bytes int NOT NULL,
  sha256 text NOT NULL,
  content bytea NOT NULL,
  uploaded_at timestamptz NOT NULL DEFAULT now(),
  uploaded_by int REFERENCES users(id) ON DELETE SET NULL
);

CREATE TABLE meeting_attendance (
  id serial PRIMARY KEY,
  meeting_id int NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  person_name text NOT NULL,
  body_member_id int REFERENCES body_members(id) ON DELETE SET NULL,
  kind text NOT NULL CHECK (kind IN ('present','apologies','substitute','also_present')),
  substitute_for text,
  position int NOT NULL
);

CREATE TABLE interest_declarations (
  id serial PRIMARY KEY,
  agenda_item_id int NOT NULL REFERENCES agenda_items(id) ON DELETE CASCADE,
  person_name text NOT NULL,
  interest text NOT NULL
);

-- The last minute number given in each body: minutes continue across its meetings and never repeat.
CREATE TABLE minute_counters (
  body_id int PRIMARY KEY REFERENCES bodies(id) ON DELETE CASCADE,
  last_number int NOT NULL
);

CREATE TABLE minutes (
  id serial PRIMARY KEY,
  meeting_id int NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  body_id int NOT NULL REFERENCES bodies(id) ON DELETE CASCADE,
  agenda_item_id int REFERENCES agenda_items(id) ON DELETE SET NULL,
  minute_number int NOT NULL,
  title text NOT NULL,
  text text NOT NULL DEFAULT '',
  resolutions jsonb NOT NULL DEFAULT '[]',
  version int NOT NULL DEFAULT 1,
  UNIQUE (body_id, minute_number)
);

-- A change to confirmed minutes: kept beside the minute, never in place of the record of it.
CREATE TABLE minute_corrections (
  id serial PRIMARY KEY,
  minute_id int NOT NULL REFERENCES minutes(id) ON DELETE CASCADE,
  before_text text NOT NULL,
  before_resolutions jsonb NOT NULL,
  reason text NOT NULL,
  recorded_on date NOT NULL,
  recorded_by int REFERENCES users(id) ON DELETE SET NULL,
  recorded_at timestamptz NOT NULL DEFAULT now()
);
