-- C5: the MoRiLE-style scoring workspace. One scoring set per partnership and assessment period;
-- one row per issue (a crime type, anti-social behaviour, or a partner category) in that set.
-- Volume and trend are derived from the data unless an analyst overrides them with a rationale.

CREATE TABLE scoring_sets (
  id serial PRIMARY KEY,
  partnership_id int NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
  period_from text NOT NULL CHECK (period_from ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  period_to   text NOT NULL CHECK (period_to ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  weights jsonb NOT NULL,
  version int NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (partnership_id, period_from, period_to)
);

CREATE TABLE issue_scores (
  id serial PRIMARY KEY,
  set_id int NOT NULL REFERENCES scoring_sets(id) ON DELETE CASCADE,
  issue_key text NOT NULL,                  -- 'crime:Possession of weapons', 'asb', 'partner:council-asb:Noise'
  label text NOT NULL,
  harm int CHECK (harm BETWEEN 1 AND 5),
  harm_confidence text CHECK (harm_confidence IN ('low','medium','high')),
  harm_rationale text,
  volume int CHECK (volume BETWEEN 1 AND 5),
  volume_derived boolean NOT NULL DEFAULT true,
  volume_confidence text CHECK (volume_confidence IN ('low','medium','high')),
  volume_rationale text,
  trend int CHECK (trend BETWEEN 1 AND 5),
  trend_derived boolean NOT NULL DEFAULT true,
  trend_confidence text CHECK (trend_confidence IN ('low','medium','high')),
  trend_rationale text,
  vulnerability int CHECK (vulnerability BETWEEN 1 AND 5),
  vulnerability_confidence text CHECK (vulnerability_confidence IN ('low','medium','high')),
  vulnerability_rationale text,
  community_concern int CHECK (community_concern BETWEEN 1 AND 5),
  community_concern_confidence text CHECK (community_concern_confidence IN ('low','medium','high')),
  community_concern_rationale text,
  partnership_position int CHECK (partnership_position BETWEEN 1 AND 5),
  partnership_position_confidence text CHECK (partnership_position_confidence IN ('low','medium','high')),
  partnership_position_rationale text,
  adopted_priority_id int REFERENCES priorities(id) ON DELETE SET NULL,
  version int NOT NULL DEFAULT 1,
  UNIQUE (set_id, issue_key)
);
CREATE INDEX issue_scores_priority ON issue_scores(adopted_priority_id);
