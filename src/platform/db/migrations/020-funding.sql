-- The funding ledger: money the partnership and its partners receive for community safety work
-- (a stream), and what of it is given to which initiative (an allocation). Amounts are whole pence,
-- never floating point. Fields the source does not state stay null ("not recorded").
CREATE TABLE funding_streams (
  id serial PRIMARY KEY,
  partnership_id int NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
  name text NOT NULL,
  funder text,
  funder_identifier text,
  programme text,
  amount_pence bigint NOT NULL CHECK (amount_pence > 0),
  -- Plan years the money is for, as the calendar year each starts in (2022 for 2022-23).
  financial_years int[] NOT NULL DEFAULT '{}',
  recurrence text CHECK (recurrence IN ('recurring', 'one_off')),
  recipient text,
  recipient_identifier text,
  purpose text,
  conditions text,
  -- For the partnership's members only: never shown to the public nor exported.
  internal_notes text,
  awarded_on date,
  ends_on date,
  version int NOT NULL DEFAULT 1,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX funding_streams_partnership ON funding_streams (partnership_id);

CREATE TABLE funding_allocations (
  id serial PRIMARY KEY,
  stream_id int NOT NULL REFERENCES funding_streams(id) ON DELETE CASCADE,
  initiative_id int NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,
  -- Null when the source says the money went to the initiative but not how much.
  amount_pence bigint CHECK (amount_pence > 0),
  starts_on date,
  ends_on date,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX funding_allocations_stream ON funding_allocations (stream_id);
CREATE INDEX funding_allocations_initiative ON funding_allocations (initiative_id);
