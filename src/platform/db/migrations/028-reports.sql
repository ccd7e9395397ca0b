-- Generated documents (plan, committee report, assessment report, agenda pack): the coordinator's
-- edits to generated sections, and the versions made of them, with their files kept as bytes.

-- One edit per section of a document: the text the coordinator wrote, and the generated text it was
-- written against, so a later regeneration can tell whether the data changed since.
CREATE TABLE report_section_edits (
  id serial PRIMARY KEY,
  partnership_id int NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
  kind text NOT NULL,
  scope_key text NOT NULL,            -- 'year:2022' or 'meeting:12'
  section_key text NOT NULL,
  text text NOT NULL,
  generated_text text NOT NULL,
  updated_by int REFERENCES users(id) ON DELETE SET NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (partnership_id, kind, scope_key, section_key)
);

CREATE TABLE report_versions (
  id serial PRIMARY KEY,
  partnership_id int NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
  kind text NOT NULL,
  scope_key text NOT NULL,
  number int NOT NULL,
  title text NOT NULL,
  as_of timestamptz NOT NULL,         -- the newest change among the data the document was made from
  edits jsonb NOT NULL DEFAULT '{}',  -- section key → the edited text the version was made with
  unpublished_inputs boolean NOT NULL DEFAULT false,  -- made from drafts: may not be published
  created_by int REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  published_at timestamptz,
  published_by int REFERENCES users(id) ON DELETE SET NULL,
  agenda_item_id int,                 -- for a meeting's document: the item it was attached to
  meeting_report_id int,              -- and the report the meetings feature stored for it
  UNIQUE (partnership_id, kind, scope_key, number)
);

CREATE TABLE report_version_files (
  version_id int NOT NULL REFERENCES report_versions(id) ON DELETE CASCADE,
  format text NOT NULL CHECK (format IN ('html','docx','pdf')),
  content bytea NOT NULL,
  size_bytes int NOT NULL,
  sha256 text NOT NULL,
  PRIMARY KEY (version_id, format)
);
