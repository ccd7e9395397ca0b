-- C6: the actions and recommendations tracker. A minute records what was promised (an action: owner,
-- due date) or recommended (to Cabinet, Council or a partner organisation); each stays open until it is
-- closed with a response. Referrals record where the committee's report or recommendations were sent
-- (Police and Justice Act 2006 s.19(8)) and when each authority responded.
CREATE TABLE minute_actions (
  id serial PRIMARY KEY,
  partnership_id int NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
  body_id int NOT NULL REFERENCES bodies(id) ON DELETE CASCADE,
  minute_id int NOT NULL REFERENCES minutes(id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('action','recommendation')),
  description text NOT NULL,
  owner_name text NOT NULL DEFAULT '',           -- the person who promised (actions)
  owner_organisation text NOT NULL DEFAULT '',   -- their organisation
  recommended_to text CHECK (recommended_to IN ('cabinet','council','partner')),
  partner_name text NOT NULL DEFAULT '',         -- the partner organisation a recommendation went to
  due_on date,                                   -- null when no date was given: never overdue
  concerns_kind text CHECK (concerns_kind IN ('priority','initiative','issue')),
  concerns_ref text,                             -- the priority's or initiative's id, or the assessment issue's key
  concerns_label text,                           -- its name when linked, as it was then
  closed_on date,                                -- when the response was given
  response_by text,                              -- who answered
  response text,                                 -- what was done
  closed_by int REFERENCES users(id) ON DELETE SET NULL,
  created_by int REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  version int NOT NULL DEFAULT 1,
  CHECK (kind = 'action' OR recommended_to IS NOT NULL),
  CHECK ((closed_on IS NULL) = (response IS NULL)),
  CHECK ((concerns_kind IS NULL) = (concerns_ref IS NULL))
);
CREATE INDEX minute_actions_partnership ON minute_actions (partnership_id, closed_on);
CREATE INDEX minute_actions_minute ON minute_actions (minute_id);

CREATE TABLE scrutiny_referrals (
  id serial PRIMARY KEY,
  partnership_id int NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
  body_id int NOT NULL REFERENCES bodies(id) ON DELETE CASCADE,
  minute_id int NOT NULL REFERENCES minutes(id) ON DELETE CASCADE,  -- the minute whose report or recommendations were sent
  authority text NOT NULL,                       -- the responsible authority (or co-operating body) it went to
  sent_on date NOT NULL,
  responded_on date,
  response text,
  created_by int REFERENCES users(id) ON DELETE SET NULL,
  version int NOT NULL DEFAULT 1,
  CHECK ((responded_on IS NULL) = (response IS NULL))
);
CREATE INDEX scrutiny_referrals_partnership ON scrutiny_referrals (partnership_id);
