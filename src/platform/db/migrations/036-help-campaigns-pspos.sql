-- C10: the "where to get help and how to report" directory and the awareness-campaign calendar;
-- C11: the register of Public Spaces Protection Orders.

-- A service, reporting centre or safe place the coordinator lists for residents. Contact details
-- are optional: a blank one is shown as not recorded. A draft entry is not shown to the public.
CREATE TABLE help_services (
  id serial PRIMARY KEY,
  partnership_id int NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('support_service', 'reporting_centre', 'safe_place')),
  name text NOT NULL,
  helps_with text NOT NULL DEFAULT '',
  who_for text NOT NULL DEFAULT '',
  phone text NOT NULL DEFAULT '',
  website text NOT NULL DEFAULT '',
  opening_hours text NOT NULL DEFAULT '',
  address text NOT NULL DEFAULT '',
  categories text[] NOT NULL DEFAULT '{}',
  published boolean NOT NULL DEFAULT true,
  version int NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX help_services_name ON help_services (partnership_id, lower(name));

-- Dates below are as precise as the record is: YYYY-MM-DD, or YYYY-MM when only the month is known
-- (the papers often say "May 2020"); a day is never made up.

-- An awareness campaign: its dates when known (only one with whole dates goes in the calendar feed).
CREATE TABLE campaigns (
  id serial PRIMARY KEY,
  partnership_id int NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
  name text NOT NULL,
  about text NOT NULL DEFAULT '',
  starts_on text CHECK (starts_on ~ '^[0-9]{4}-[0-9]{2}(-[0-9]{2})?$'),
  ends_on text CHECK (ends_on ~ '^[0-9]{4}-[0-9]{2}(-[0-9]{2})?$'),
  link text NOT NULL DEFAULT '',
  version int NOT NULL DEFAULT 1,
  CHECK (ends_on IS NULL OR (starts_on IS NOT NULL AND ends_on >= starts_on))
);
CREATE UNIQUE INDEX campaigns_name ON campaigns (partnership_id, lower(name), COALESCE(starts_on, ''));
CREATE INDEX campaigns_partnership ON campaigns (partnership_id, starts_on);

-- The partners (organisations of the partnership) that run a campaign.
CREATE TABLE campaign_partners (
  campaign_id int NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
  organisation_id int NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  PRIMARY KEY (campaign_id, organisation_id)
);

-- The initiatives of the plans that deliver a campaign (plans are read through their service).
CREATE TABLE campaign_initiatives (
  campaign_id int NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
  initiative_id int NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,
  PRIMARY KEY (campaign_id, initiative_id)
);
CREATE INDEX campaign_initiatives_initiative ON campaign_initiatives (initiative_id);

-- A Public Spaces Protection Order as made. Its expiry is at most three years after it was made;
-- each extension (up to three years more) and variation is a row of pspo_changes.
CREATE TABLE pspos (
  id serial PRIMARY KEY,
  partnership_id int NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
  name text NOT NULL,
  area text NOT NULL DEFAULT '',
  prohibitions text NOT NULL DEFAULT '',
  made_on text NOT NULL CHECK (made_on ~ '^[0-9]{4}-[0-9]{2}(-[0-9]{2})?$'),
  expires_on text CHECK (expires_on ~ '^[0-9]{4}-[0-9]{2}(-[0-9]{2})?$'),
  discharged_on text CHECK (discharged_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
  version int NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX pspos_name ON pspos (partnership_id, lower(name));

CREATE TABLE pspo_changes (
  id serial PRIMARY KEY,
  pspo_id int NOT NULL REFERENCES pspos(id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('variation', 'extension')),
  made_on text NOT NULL CHECK (made_on ~ '^[0-9]{4}-[0-9]{2}(-[0-9]{2})?$'),
  -- An extension's new expiry date; null for a variation.
  expires_on text CHECK (expires_on ~ '^[0-9]{4}-[0-9]{2}(-[0-9]{2})?$'),
  note text NOT NULL DEFAULT '',
  CHECK ((kind = 'extension') = (expires_on IS NOT NULL))
);
CREATE INDEX pspo_changes_pspo ON pspo_changes (pspo_id, made_on);

-- The order as published: one PDF per order (a new upload replaces it).
CREATE TABLE pspo_documents (
  pspo_id int PRIMARY KEY REFERENCES pspos(id) ON DELETE CASCADE,
  file_name text NOT NULL,
  content bytea NOT NULL,
  sha256 text NOT NULL,
  uploaded_at timestamptz NOT NULL DEFAULT now(),
  uploaded_by int REFERENCES users(id) ON DELETE SET NULL
);
