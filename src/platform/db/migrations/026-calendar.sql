-- The statutory calendar's one record of its own: the day each year's partnership plan was sent to the
-- Police and Crime Commissioner, as the coordinator marks it (nothing else in the hub records it).
CREATE TABLE plan_sent_to_pcc (
  partnership_id int NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
  -- The plan year, as the calendar year it starts in (2022 for 2022-23).
  start_year int NOT NULL,
  sent_on date NOT NULL,
  recorded_by int REFERENCES users(id) ON DELETE SET NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (partnership_id, start_year)
);
