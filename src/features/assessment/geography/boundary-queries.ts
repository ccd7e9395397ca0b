// SQL for imported boundaries (boundaries, boundary_imports): written once per instance.
import type { Db, Queryable } from '../../../platform/db/types.ts';
import type { PreparedFile } from './boundary-import/prepare.ts';

export interface BoundaryImportRow {
  id: number; layer: string; vintage: string; sourceFile: string; resolution: string; area: string;
  featuresRead: number; featuresKept: number; bytesRead: number; bytesStored: number; importedBy: string; importedAt: string;
}

export interface StoredArea { code: string; name: string; ladCode: string; vintage: string; geometry: string }

export async function insertBoundaryFile(db: Db, tx: Queryable, f: PreparedFile, by: { area: string; importedBy: string; userId: number | null }): Promise<number> {
  const [row] = await tx.query<{ id: number }>(
    `INSERT INTO boundary_imports (layer, vintage, source_file, resolution, area, features_read, features_kept, bytes_read, bytes_stored, imported_by, user_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
    [f.layer, f.vintage, f.label, f.resolution, by.area, f.featuresRead, f.areas.length, f.bytesRead, f.bytesStored, by.importedBy, by.userId],
  );
  const id = row!.id;
  // A re-import of the same layer and vintage replaces those areas.
  await tx.query('DELETE FROM boundaries WHERE layer = $1 AND vintage = $2 AND code = ANY($3::text[])', [f.layer, f.vintage, f.areas.map((a) => a.code)]);
  await db.insertMany(tx, 'boundaries', ['layer', 'vintage', 'code', 'name', 'lad_code', 'geometry', 'import_id'],
    f.areas.map((a) => [f.layer, f.vintage, a.code, a.name, a.lad, a.geometry, id]));
  return id;
}

/** The areas of one layer in these districts, newest vintage first (WD25 before WD22). */
export function areasOf(q: Queryable, layer: string, lads: string[]): Promise<StoredArea[]> {
  return q.query<StoredArea>(
    `SELECT code, name, lad_code AS "ladCode", vintage, geometry FROM boundaries
      WHERE layer = $1 AND lad_code = ANY($2::text[]) ORDER BY vintage DESC, code`,
    [layer, lads],
  );
}

export function listBoundaryImports(q: Queryable): Promise<BoundaryImportRow[]> {
  return q.query<BoundaryImportRow>(
    `SELECT id, layer, vintage, source_file AS "sourceFile", resolution, area, features_read AS "featuresRead",
            features_kept AS "featuresKept", bytes_read AS "bytesRead", bytes_stored AS "bytesStored",
            imported_by AS "importedBy", to_char(imported_at AT TIME ZONE 'Europe/London', 'YYYY-MM-DD HH24:MI') AS "importedAt"
       FROM boundary_imports ORDER BY id DESC`,
  );
}

export async function countAreas(q: Queryable, lads: string[]): Promise<{ layer: string; vintage: string; n: number }[]> {
  return q.query(`SELECT layer, vintage, count(*)::int AS n FROM boundaries WHERE lad_code = ANY($1::text[]) GROUP BY layer, vintage ORDER BY layer, vintage`, [lads]);
}
