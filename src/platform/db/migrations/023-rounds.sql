-- Update rounds: the coordinator asks every lead of a plan's initiatives for an update before a
-- delivery-board meeting. A round owes nothing itself: who still owes is worked out from the
-- progress updates posted since it opened, so the list is never out of step with them.
CREATE TABLE update_rounds (
  id serial PRIMARY KEY,
  partnership_id int NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
  plan_id int NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
  -- The plan's year as the plans service names it ("2022" for 2022-23), so no other feature's table is read.
  plan_start_year int NOT NULL,
  title text NOT NULL CHECK (title <> ''),
  -- Updates dated or posted from this moment answer the round.
  opened_at timestamptz NOT NULL DEFAULT now(),
  due_on date NOT NULL,
  -- The meeting the round's summary is the paper for, when one is recorded.
  meeting_id int REFERENCES meetings(id) ON DELETE SET NULL,
  opened_by int REFERENCES users(id) ON DELETE SET NULL,
  -- A closed round is no longer shown to leads as something they owe.
  closed_at timestamptz
);
CREATE INDEX update_rounds_partnership ON update_rounds(partnership_id, opened_at DESC);
