-- The places of police.uk street records ("On or near Magdalen Street"), so a resident can type a
-- street and find the area it lies in. Held like the crime counts: once per instance, by force and
-- month, so that a re-imported (republished) month replaces its rows instead of adding to them; a
-- search sums the months. Only the force imported in detail, only rows placed in an LSOA.
CREATE TABLE crime_places (
  force     text NOT NULL,                 -- police.uk slug, e.g. 'essex'
  month     text NOT NULL,
  lsoa_code text NOT NULL,
  location  text NOT NULL,                 -- as published, e.g. 'On or near Magdalen Street'
  crimes    integer NOT NULL CHECK (crimes >= 0),
  asb       integer NOT NULL CHECK (asb >= 0),
  -- What a search matches: the location without police.uk's "On or near " prefix, in lower case.
  place     text GENERATED ALWAYS AS (lower(regexp_replace(location, '^On or near ', ''))) STORED,
  CHECK (crimes + asb > 0),
  -- A partnership searches its own LSOAs: the key leads with them.
  PRIMARY KEY (force, lsoa_code, location, month)
);
-- A re-import clears a force-month.
CREATE INDEX crime_places_month ON crime_places (force, month);
-- Typed text matches the start of a place (LIKE 'text%' uses a text_pattern_ops index in any locale).
CREATE INDEX crime_places_place ON crime_places (force, place text_pattern_ops);
