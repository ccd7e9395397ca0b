-- Ward, LSOA and district boundaries imported from the ONS files, once per instance (as police.uk
-- data is): any partnership draws the boundaries of its own districts. Each import is recorded
-- with its source, vintage and the sizes before and after simplification.
CREATE TABLE boundary_imports (
  id serial PRIMARY KEY,
  layer text NOT NULL CHECK (layer IN ('wards','lsoa11','lsoa21','districts')),
  vintage text NOT NULL,               -- the code column's vintage, e.g. WD22, LSOA21, LAD22
  source_file text NOT NULL,
  resolution text NOT NULL,            -- as the file name says (BGC, BFC, BFE, BSC, BUC) or 'not stated'
  area text NOT NULL,                  -- the police force whose districts were kept
  features_read int NOT NULL,
  features_kept int NOT NULL,
  bytes_read bigint NOT NULL,
  bytes_stored bigint NOT NULL,
  imported_by text NOT NULL,
  user_id int REFERENCES users(id) ON DELETE SET NULL,
  imported_at timestamptz NOT NULL DEFAULT now()
);

-- One simplified shape per code; a later import of the same layer and vintage replaces it.
CREATE TABLE boundaries (
  layer text NOT NULL,
  vintage text NOT NULL,
  code text NOT NULL,
  name text NOT NULL,
  lad_code text NOT NULL,              -- the district the area lies in (its own code for districts)
  geometry text NOT NULL,              -- GeoJSON geometry, WGS84, coordinates to 5 decimals
  import_id int NOT NULL REFERENCES boundary_imports(id) ON DELETE CASCADE,
  PRIMARY KEY (layer, vintage, code)
);
CREATE INDEX boundaries_lad ON boundaries (layer, lad_code);
