-- A plan read from an uploaded Word or PDF file or pasted text, waiting for the coordinator to review
-- it. Kept in the database, not in one server's memory, so that any instance behind a load balancer can
-- show the review page; it belongs to the person who uploaded it and is removed when accepted or stale.
CREATE TABLE pending_plan_imports (
  id text PRIMARY KEY,                -- random, unguessable
  partnership_id int NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
  user_id int NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  source_name text NOT NULL,
  proposal jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX pending_plan_imports_expiry ON pending_plan_imports (expires_at);
