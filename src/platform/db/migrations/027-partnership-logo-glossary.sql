-- C1: the partnership's logo (printed on its documents and shown on its public pages) and its
-- glossary of terms (the acronyms table of generated reports draws on it).
CREATE TABLE partnership_logos (
  partnership_id int PRIMARY KEY REFERENCES partnerships(id) ON DELETE CASCADE,
  content bytea NOT NULL,
  type text NOT NULL CHECK (type IN ('png','jpg')),
  alt text NOT NULL,
  width int NOT NULL CHECK (width > 0),
  height int NOT NULL CHECK (height > 0),
  sha256 text NOT NULL,
  uploaded_at timestamptz NOT NULL DEFAULT now(),
  uploaded_by int REFERENCES users(id) ON DELETE SET NULL
);

CREATE TABLE glossary_terms (
  id serial PRIMARY KEY,
  partnership_id int NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
  term text NOT NULL,
  meaning text NOT NULL,
  version int NOT NULL DEFAULT 1
);
-- One entry per term, whatever its case: "ASB" and "asb" are the same term.
CREATE UNIQUE INDEX glossary_terms_term ON glossary_terms (partnership_id, lower(term));
