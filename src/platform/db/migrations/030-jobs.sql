-- Background jobs (imports, document versions) when several app instances share one PostgreSQL:
-- any instance can show a job's progress, and a partnership's one-import-at-a-time slot holds
-- across instances. The instance that starts a job runs it and keeps heartbeat_at fresh; a job
-- whose heartbeat stops (its process was killed) is marked failed with stale_message.
CREATE TABLE jobs (
  id uuid PRIMARY KEY,
  kind text NOT NULL,
  partnership_id int NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
  slot text,
  status text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'done', 'failed')),
  progress jsonb NOT NULL,
  result jsonb,
  message text,
  stale_message text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  heartbeat_at timestamptz NOT NULL DEFAULT now(),
  ended_at timestamptz
);
-- One running job per slot (an import per partnership), whichever instance started it.
CREATE UNIQUE INDEX jobs_running_slot ON jobs (slot) WHERE status = 'running';
CREATE INDEX jobs_running_heartbeat ON jobs (heartbeat_at) WHERE status = 'running';
