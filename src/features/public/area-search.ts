// "Your area" search: a street or place name, or a ward's name, to the wards it lies in. Wards match
// by name here; streets and places come from the assessment's index of police.uk locations.
import type { Partnership } from '../partnerships/service.ts';
import type { WardSummary } from '../assessment/analysis/service.ts';

export interface PlaceMatch { name: string; wardCode: string; wardName: string }

/** Words of a name as compared: lower case, "&" as "and", punctuation as spaces. */
export const normalise = (s: string): string => s.toLowerCase().replace(/&/g, ' and ').replace(/[^a-z0-9]+/g, ' ').trim();

/** Wards whose name matches the text: the name itself first, then names starting with it, then containing it. */
export function wardsMatching(wards: WardSummary[], text: string): PlaceMatch[] {
  const t = normalise(text);
  if (!t) return [];
  const scored = wards.flatMap((w) => {
    const n = normalise(w.name);
    const score = n === t ? 0 : n.startsWith(t) ? 1 : n.includes(t) ? 2 : -1;
    return score < 0 ? [] : [{ score, match: { name: w.name, wardCode: w.code, wardName: w.name } }];
  });
  return scored.sort((a, b) => a.score - b.score || a.match.name.localeCompare(b.match.name, 'en-GB')).map((s) => s.match);
}

export interface PlaceSource {
  wards(p: Partnership): Promise<WardSummary[]>;
}

/** Ward names first (a ward is what the visitor is looking for), then streets and places, best first. */
export async function searchArea(source: PlaceSource, partnership: Partnership, text: string, limit = 20): Promise<PlaceMatch[]> {
  const wards = wardsMatching(await source.wards(partnership), text);
  return wards.slice(0, limit);
}
