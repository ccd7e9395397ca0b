-- C5: crime and partner data for the Strategic Assessment. Only aggregates are stored.
-- A re-imported month replaces the old one: the importer deletes the force-months it brings
-- (police-uk/tables.ts replaceStatements) and inserts, in one transaction with the import log.

CREATE TABLE imports (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  partnership_id int NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
  source        text NOT NULL CHECK (source IN ('police-uk', 'partner')),
  dataset       text,                       -- partner imports: 'council-asb', 'fire', …
  imported_by   text NOT NULL,
  user_id       int REFERENCES users(id) ON DELETE SET NULL,
  started_at    timestamptz NOT NULL,
  finished_at   timestamptz NOT NULL,
  rows_read     integer NOT NULL,
  rows_used     integer NOT NULL,
  set_aside     jsonb NOT NULL DEFAULT '{}'::jsonb,  -- reason → rows, e.g. {"no-lsoa": 108}
  skipped_files jsonb NOT NULL DEFAULT '[]'::jsonb   -- [{label, reason}]
);

CREATE TABLE import_files (
  import_id  bigint NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
  label      text NOT NULL,                 -- file name as given, e.g. 2022-09/2022-09-essex-street.csv
  kind       text NOT NULL CHECK (kind IN ('street', 'outcomes', 'partner')),
  force      text,
  month      text CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  sha256     char(64) NOT NULL,
  bytes      bigint NOT NULL,
  rows_read  integer NOT NULL,
  rows_used  integer NOT NULL,
  set_aside  jsonb NOT NULL DEFAULT '{}'::jsonb,
  examples   jsonb NOT NULL DEFAULT '{}'::jsonb,  -- reason → {example: rows}, e.g. outside-area LSOA names
  PRIMARY KEY (import_id, label)
);

-- The partnership's own force in detail.
CREATE TABLE crime_lsoa_month (
  partnership_id int NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
  month      text NOT NULL,
  lsoa_code  text NOT NULL,                 -- 2011 or 2021 code, as published
  crime_type text NOT NULL,
  count      integer NOT NULL CHECK (count > 0),
  PRIMARY KEY (partnership_id, month, lsoa_code, crime_type)
);

CREATE TABLE crime_outcome_lsoa_month (
  partnership_id int NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
  month      text NOT NULL,
  lsoa_code  text NOT NULL,
  crime_type text NOT NULL,
  outcome    text NOT NULL,                 -- street file "Last outcome category" at download time
  count      integer NOT NULL CHECK (count > 0),
  PRIMARY KEY (partnership_id, month, lsoa_code, crime_type, outcome)
);

-- police.uk outcomes files: outcomes recorded in the month (for crimes of any month).
CREATE TABLE outcome_lsoa_month (
  partnership_id int NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
  month        text NOT NULL,
  lsoa_code    text NOT NULL,
  outcome_type text NOT NULL,
  count        integer NOT NULL CHECK (count > 0),
  PRIMARY KEY (partnership_id, month, lsoa_code, outcome_type)
);

-- Every force by district (the own force too), for force-wide change and district ranks.
CREATE TABLE crime_district_month (
  force      text NOT NULL,
  month      text NOT NULL,
  lad_code   text NOT NULL,
  crime_type text NOT NULL,
  count      integer NOT NULL CHECK (count > 0),
  PRIMARY KEY (force, month, lad_code, crime_type)
);
CREATE INDEX crime_district_month_lad ON crime_district_month (lad_code, month);

CREATE TABLE partner_figure (
  partnership_id int NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
  dataset    text NOT NULL,
  area_code  text NOT NULL,
  period     text NOT NULL CHECK (period ~ '^[0-9]{4}-((0[1-9]|1[0-2])|Q[1-4])$'),
  category   text NOT NULL,
  count      integer NOT NULL CHECK (count >= 0),
  PRIMARY KEY (partnership_id, dataset, area_code, period, category)
);

-- A partnership's population choice per assessment year, with an optional district override
-- (the seed report uses 194,706 for Colchester, which neither ONS source gives).
CREATE TABLE population_choice (
  partnership_id int NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
  year_start   text NOT NULL,               -- first month of the assessment year
  source       text NOT NULL CHECK (source IN ('mid2020', 'census2021')),
  lad_override integer CHECK (lad_override > 0),
  note         text,
  PRIMARY KEY (partnership_id, year_start)
);
