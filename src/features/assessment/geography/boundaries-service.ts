// Boundaries for maps: imported from ONS files into the database (once per instance, kept to the
// importing partnership's police force area), with the committed Essex files as the demo's when
// nothing is imported for a district.
import type { Db } from '../../../platform/db/types.ts';
import type { Partnership } from '../../partnerships/queries.ts';
import { ValidationError } from '../../../platform/errors.ts';
import type { Geography } from './lookup.ts';
import { loadBoundaries, BOUNDARY_FILES } from './boundaries.ts';
import { prepareBoundaryFile, BoundaryFileRefused, type PreparedFile } from './boundary-import/prepare.ts';
import type { Layer } from './boundary-import/layers.ts';
import * as q from './boundary-queries.ts';
import { loadOncePerKey } from '../../../platform/load-once.ts';

/** Areas to draw: each feature's properties are its code and name. */
export interface AreaCollection {
  type: 'FeatureCollection';
  features: { type: 'Feature'; properties: { code: string; name: string }; geometry: { type: string; coordinates: unknown } }[];
  /** Where the shapes came from: 'imported' (with the vintage) or the demo's committed file. */
  source: string;
}

/** The demo's committed ward files, by district. */
const COMMITTED_WARDS: Record<string, string> = { E07000071: BOUNDARY_FILES.colchesterWards };
const committed = loadOncePerKey((file: string) => loadBoundaries(file));

export async function committedWards(lads: string[]): Promise<AreaCollection | null> {
  if (!lads.length || !lads.every((l) => l in COMMITTED_WARDS)) return null;
  const features: AreaCollection['features'] = [];
  for (const lad of lads) {
    const fc = await committed(COMMITTED_WARDS[lad]!);
    for (const f of fc.features) features.push({ type: 'Feature', properties: { code: f.properties.WD22CD!, name: f.properties.WD22NM! }, geometry: f.geometry });
  }
  return { type: 'FeatureCollection', features, source: 'the demo’s December 2022 ward boundaries' };
}

export interface BoundaryImportResult { files: (PreparedFile & { id: number; areasKept: number })[] }

export function boundariesService(db: Db, deps: { geography: () => Promise<Geography> }) {
  /** The districts whose areas an import keeps: the partnership's police force area (and its own districts). */
  async function keptDistricts(p: Partnership): Promise<Set<string>> {
    const g = await deps.geography();
    return new Set([...g.ladsOfForce(p.policeForce), ...p.areas.map((a) => a.code)]);
  }

  return {
    /**
     * Read, check and simplify every file, then store them all in one transaction: a refused file
     * leaves nothing stored (ValidationError naming the file and why).
     */
    async importFiles(
      partnership: Partnership, files: { path: string; label: string }[], who: { importedBy: string; userId: number | null },
      opts: { claimed?: { layer: Layer; vintage: string }; onProgress?: (p: { file: string; fileIndex: number; files: number; features: number }) => void } = {},
    ): Promise<BoundaryImportResult> {
      const g = await deps.geography();
      const keep = await keptDistricts(partnership);
      const area = `${partnership.policeForce} police force area`;
      const prepared: PreparedFile[] = [];
      try {
        for (const [i, f] of files.entries()) {
          prepared.push(await prepareBoundaryFile(f.path, {
            label: f.label, keepDistricts: keep, areaName: `the police force area of ${partnership.name}`, claimed: opts.claimed, geography: g,
            onFeature: (n) => { if (n % 500 === 0) opts.onProgress?.({ file: f.label, fileIndex: i, files: files.length, features: n }); },
          }));
        }
      } catch (e) {
        if (e instanceof BoundaryFileRefused) throw new ValidationError([{ field: 'files', message: `${e.message} Nothing was stored.` }]);
        throw e;
      }
      const ids = await db.transaction(async (tx) => {
        const out: number[] = [];
        for (const f of prepared) out.push(await q.insertBoundaryFile(db, tx, f, { area, ...who }));
        return out;
      });
      return { files: prepared.map((f, i) => ({ ...f, id: ids[i]!, areasKept: f.areas.length })) };
    },

    /** Ward shapes for these districts: imported (each district's newest vintage), else the demo's, else null. */
    async wards(lads: string[]): Promise<AreaCollection | null> {
      const rows = await q.areasOf(db, 'wards', lads);
      const newest = new Map<string, string>();
      for (const r of rows) if (!newest.has(r.ladCode)) newest.set(r.ladCode, r.vintage);
      const chosen = rows.filter((r) => newest.get(r.ladCode) === r.vintage);
      if (chosen.length === 0) return committedWards(lads);
      const vintages = [...new Set(chosen.map((r) => r.vintage))].sort();
      return {
        type: 'FeatureCollection',
        features: chosen.map((r) => ({ type: 'Feature', properties: { code: r.code, name: r.name }, geometry: JSON.parse(r.geometry) as { type: string; coordinates: unknown } })),
        source: `imported ward boundaries (${vintages.join(', ')})`,
      };
    },

    imports: () => q.listBoundaryImports(db),
    coverage: (lads: string[]) => q.countAreas(db, lads),
  };
}

export type BoundariesService = ReturnType<typeof boundariesService>;
