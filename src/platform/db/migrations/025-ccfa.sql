-- C6: the Councillor Call for Action (Police and Justice Act 2006 s.19). A councillor's local crime
-- and disorder matter, from submission to the committee's decision and the councillor's notification.
CREATE TABLE ccfa_matters (
  id serial PRIMARY KEY,
  partnership_id int NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
  -- Where the matter stands; only the state machine (features/ccfa/state-machine.ts) moves it.
  status text NOT NULL CHECK (status IN ('unverified','submitted','qualifies','not_qualifying','on_agenda','considered','notified','closed')),
  councillor_name text NOT NULL,
  councillor_email text NOT NULL,
  councillor_user_id int REFERENCES users(id) ON DELETE SET NULL,   -- when submitted while signed in
  ward text NOT NULL,
  matter text NOT NULL,                  -- what the matter is
  location text NOT NULL DEFAULT '',     -- where in the ward, if the councillor says
  tried text NOT NULL,                   -- what the councillor has already tried
  -- SHA-256 of the councillor's status link: the link itself is only ever in their messages.
  status_token_hash text UNIQUE,
  meeting_id int REFERENCES meetings(id) ON DELETE SET NULL,
  agenda_item_id int REFERENCES agenda_items(id) ON DELETE SET NULL,
  outcome text CHECK (outcome IN ('report_cabinet_council','recommendations_partners','no_action')),
  created_at timestamptz NOT NULL DEFAULT now(),
  version int NOT NULL DEFAULT 1
);
CREATE INDEX ccfa_matters_partnership ON ccfa_matters (partnership_id, id);

-- Each step the matter took: the state it reached, on what date, why, and who recorded it.
CREATE TABLE ccfa_steps (
  id serial PRIMARY KEY,
  matter_id int NOT NULL REFERENCES ccfa_matters(id) ON DELETE CASCADE,
  state text NOT NULL,
  on_date date,                          -- null only where the date is not recorded (the demo's example)
  reason text NOT NULL DEFAULT '',
  recorded_by int REFERENCES users(id) ON DELETE SET NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (matter_id, state)
);
