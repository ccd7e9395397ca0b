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

/** A place police.uk gives its crimes, in an LSOA ("On or near Magdalen Street"). */
export interface StreetPlace { location: string; lsoaCode: string }

export interface PlaceSource {
  wards(p: Partnership): Promise<WardSummary[]>;
  wardsOfLsoas(p: Partnership, lsoas: string[]): Promise<Map<string, WardSummary>>;
}

/** "On or near Magdalen Street" → "Magdalen Street". */
export const placeName = (location: string): string => location.replace(/^On or near /i, '');

/** Each street or place with the ward it lies in, once per ward, in the order given (best first). */
export async function streetsToWards(source: PlaceSource, partnership: Partnership, places: StreetPlace[]): Promise<PlaceMatch[]> {
  const wardOf = await source.wardsOfLsoas(partnership, places.map((p) => p.lsoaCode));
  const seen = new Set<string>();
  return places.flatMap((p) => {
    const w = wardOf.get(p.lsoaCode);
    const name = placeName(p.location);
    const key = `${name}\u0000${w?.code}`;
    if (!w || seen.has(key)) return [];
    seen.add(key);
    return [{ name, wardCode: w.code, wardName: w.name }];
  });
}

/** Ward names first (a ward is what the visitor is looking for), then streets and places, best first. */
export async function searchArea(source: PlaceSource, partnership: Partnership, text: string, limit = 20,
  streets: (p: Partnership, text: string, limit: number) => Promise<StreetPlace[]> = async () => []): Promise<PlaceMatch[]> {
  const wards = wardsMatching(await source.wards(partnership), text);
  const places = wards.length >= limit ? [] : await streetsToWards(source, partnership, await streets(partnership, text, limit));
  return [...wards, ...places].slice(0, limit);
}
