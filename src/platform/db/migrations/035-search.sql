-- Search: one row per searchable record as one audience sees it (docs/decisions/013-search.md). An
-- audience is the public or a role in the partnership. The rows are derived from the other features'
-- services and rebuilt per partnership and audience when the partnership's latest audited change
-- moves past the one recorded in search_index_state; nothing here is a source of truth.
CREATE TABLE search_entries (
  id bigserial PRIMARY KEY,
  partnership_id int NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
  audience text NOT NULL,              -- 'public' or a role
  kind text NOT NULL,
  ref_id int NOT NULL,
  year int,                            -- the plan year (the calendar year it starts in), where the record has one
  title text NOT NULL,
  body text NOT NULL,
  url text NOT NULL,
  document tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english'::regconfig, title), 'A') || setweight(to_tsvector('english'::regconfig, body), 'B')
  ) STORED
);
CREATE INDEX search_entries_document ON search_entries USING gin (document);
CREATE INDEX search_entries_audience ON search_entries (partnership_id, audience);

-- The change each partnership's entries for an audience were built from, and the shape they were built with.
CREATE TABLE search_index_state (
  partnership_id int NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
  audience text NOT NULL,
  change_id bigint NOT NULL,
  index_version int NOT NULL,
  built_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (partnership_id, audience)
);
