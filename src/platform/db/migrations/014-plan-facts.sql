-- A plan states only what it knows.

-- The section for work outside the key priorities ("Vulnerabilities / opportunities for partnership
-- working") sits in the plan once, unnumbered: it is never one of the "N key priorities".
ALTER TABLE priorities ADD COLUMN kind text NOT NULL DEFAULT 'key' CHECK (kind IN ('key', 'cross_cutting'));
ALTER TABLE priorities ALTER COLUMN number DROP NOT NULL;
ALTER TABLE priorities ADD CONSTRAINT priorities_numbered_when_key CHECK ((kind = 'key') = (number IS NOT NULL));
CREATE UNIQUE INDEX priorities_one_cross_cutting ON priorities (plan_id) WHERE kind = 'cross_cutting';

-- An initiative whose timing its source does not give.
ALTER TABLE initiatives DROP CONSTRAINT initiatives_timing_kind_check;
ALTER TABLE initiatives ADD CONSTRAINT initiatives_timing_kind_check
  CHECK (timing_kind IN ('dates', 'ongoing', 'business_as_usual', 'various', 'not_recorded'));

-- Plans name the partnership itself, its boards and teams as leads ("SCP", "Community Safety
-- Delivery Board", "Neighbourhood Team"): a lead or supporter may be a body as well as an organisation.
ALTER TABLE bodies DROP CONSTRAINT bodies_kind_check;
ALTER TABLE bodies ADD CONSTRAINT bodies_kind_check
  CHECK (kind IN ('partnership', 'strategic_board', 'delivery_board', 'task_group', 'team', 'scrutiny_committee', 'other'));

CREATE TABLE initiative_bodies (
  initiative_id int NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,
  body_id int NOT NULL REFERENCES bodies(id) ON DELETE CASCADE,
  role text NOT NULL CHECK (role IN ('lead', 'support')),
  PRIMARY KEY (initiative_id, body_id)
);
CREATE INDEX initiative_bodies_body ON initiative_bodies (body_id);
