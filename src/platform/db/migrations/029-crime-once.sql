-- police.uk data is public: hold it once per instance, by force, instead of once per partnership.
-- Every partnership reads its own area (its districts' LSOAs) from the shared tables, and one import
-- of a force's files serves every partnership of that force (docs/decisions/010-one-copy-of-crime-data.md).
-- Where two partnerships of one force both held a force-month, the copy of the latest import is kept.

-- Which partnership's copy of each force-month (per kind of file) to keep: the one its latest
-- import brought; rows no import log accounts for go after, the lowest partnership first.
CREATE TABLE crime_copy_kept AS
SELECT DISTINCT ON (force, kind, month) force, kind, month, partnership_id
  FROM (SELECT p.police_force AS force, h.kind, h.month, h.partnership_id,
               (SELECT max(i.id) FROM imports i JOIN import_files f ON f.import_id = i.id
                 WHERE i.partnership_id = h.partnership_id AND f.kind = h.kind
                   AND f.force = p.police_force AND f.month = h.month) AS latest
          FROM (SELECT DISTINCT partnership_id, month, 'street' AS kind FROM crime_lsoa_month
                UNION SELECT DISTINCT partnership_id, month, 'street' FROM crime_outcome_lsoa_month
                UNION SELECT DISTINCT partnership_id, month, 'outcomes' FROM outcome_lsoa_month) h
          JOIN partnerships p ON p.id = h.partnership_id) held
 ORDER BY force, kind, month, latest DESC NULLS LAST, partnership_id;

CREATE TABLE police_crime_lsoa_month (
  force      text NOT NULL,                 -- police.uk slug, e.g. 'essex'
  month      text NOT NULL,
  lsoa_code  text NOT NULL,                 -- 2011 or 2021 code, as published
  crime_type text NOT NULL,
  count      integer NOT NULL CHECK (count > 0),
  PRIMARY KEY (force, month, lsoa_code, crime_type)
);
INSERT INTO police_crime_lsoa_month (force, month, lsoa_code, crime_type, count)
SELECT k.force, c.month, c.lsoa_code, c.crime_type, c.count
  FROM crime_lsoa_month c JOIN crime_copy_kept k ON k.partnership_id = c.partnership_id AND k.month = c.month AND k.kind = 'street';

CREATE TABLE police_crime_outcome_lsoa_month (
  force      text NOT NULL,
  month      text NOT NULL,
  lsoa_code  text NOT NULL,
  crime_type text NOT NULL,
  outcome    text NOT NULL,                 -- street file "Last outcome category" at download time
  count      integer NOT NULL CHECK (count > 0),
  PRIMARY KEY (force, month, lsoa_code, crime_type, outcome)
);
INSERT INTO police_crime_outcome_lsoa_month (force, month, lsoa_code, crime_type, outcome, count)
SELECT k.force, c.month, c.lsoa_code, c.crime_type, c.outcome, c.count
  FROM crime_outcome_lsoa_month c JOIN crime_copy_kept k ON k.partnership_id = c.partnership_id AND k.month = c.month AND k.kind = 'street';

-- police.uk outcomes files: outcomes recorded in the month (for crimes of any month).
CREATE TABLE police_outcome_lsoa_month (
  force        text NOT NULL,
  month        text NOT NULL,
  lsoa_code    text NOT NULL,
  outcome_type text NOT NULL,
  count        integer NOT NULL CHECK (count > 0),
  PRIMARY KEY (force, month, lsoa_code, outcome_type)
);
INSERT INTO police_outcome_lsoa_month (force, month, lsoa_code, outcome_type, count)
SELECT k.force, c.month, c.lsoa_code, c.outcome_type, c.count
  FROM outcome_lsoa_month c JOIN crime_copy_kept k ON k.partnership_id = c.partnership_id AND k.month = c.month AND k.kind = 'outcomes';

DROP TABLE crime_copy_kept;
DROP TABLE crime_lsoa_month;
DROP TABLE crime_outcome_lsoa_month;
DROP TABLE outcome_lsoa_month;
ALTER TABLE police_crime_lsoa_month RENAME TO crime_lsoa_month;
ALTER INDEX police_crime_lsoa_month_pkey RENAME TO crime_lsoa_month_pkey;
ALTER TABLE police_crime_outcome_lsoa_month RENAME TO crime_outcome_lsoa_month;
ALTER INDEX police_crime_outcome_lsoa_month_pkey RENAME TO crime_outcome_lsoa_month_pkey;
ALTER TABLE police_outcome_lsoa_month RENAME TO outcome_lsoa_month;
ALTER INDEX police_outcome_lsoa_month_pkey RENAME TO outcome_lsoa_month_pkey;

-- A police.uk import belongs to the instance: it names its force, and import_partnerships the
-- partnerships it served (every partnership of the force at the time). Partner imports stay with
-- their partnership.
ALTER TABLE imports ADD COLUMN force text;
CREATE TABLE import_partnerships (
  import_id      bigint NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
  partnership_id int NOT NULL REFERENCES partnerships (id) ON DELETE CASCADE,
  PRIMARY KEY (import_id, partnership_id)
);
CREATE INDEX import_partnerships_partnership ON import_partnerships (partnership_id, import_id);
INSERT INTO import_partnerships (import_id, partnership_id)
SELECT id, partnership_id FROM imports WHERE source = 'police-uk';
UPDATE imports i SET force = p.police_force FROM partnerships p WHERE p.id = i.partnership_id AND i.source = 'police-uk';
ALTER TABLE imports ALTER COLUMN partnership_id DROP NOT NULL;
UPDATE imports SET partnership_id = NULL WHERE source = 'police-uk';
ALTER TABLE imports ADD CONSTRAINT imports_owner CHECK (
  (source = 'partner' AND partnership_id IS NOT NULL AND force IS NULL)
  OR (source = 'police-uk' AND partnership_id IS NULL AND force IS NOT NULL));
CREATE INDEX imports_force ON imports (force) WHERE force IS NOT NULL;
