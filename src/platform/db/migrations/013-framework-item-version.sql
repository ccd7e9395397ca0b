-- C2: framework items are edited in the app; the version detects a save made after the form was opened.
ALTER TABLE framework_items ADD COLUMN version int NOT NULL DEFAULT 1;
