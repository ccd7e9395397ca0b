// Who leads an initiative, as the plan wrote it ("CBC Community Safety Team & Neighbourhood Team",
// "Essex Police/ SCP/Probation Service"), matched to the partnership's organisations and bodies.
// Exact names and acronyms are matched; anything else is only suggested, never applied silently.

export interface Party { type: 'organisation' | 'body'; id: number; name: string; acronym: string | null }
export interface LeadMatch {
  /** The words the plan used for this lead. */
  written: string;
  /** The exact match, or null. */
  match: Party | null;
  /** Likely matches for the coordinator to choose from when there is no exact one. */
  suggestions: Party[];
}

const norm = (s: string) => s.toLowerCase().replace(/&/g, ' and ').replace(/[^a-z0-9]+/g, ' ').replace(/\b(the)\b/g, ' ').replace(/\s+/g, ' ').trim();
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Every way the plan may name a party exactly: its name, its acronym, and "Name (ACR)". */
function namesOf(p: Party): { text: string; caseSensitive: boolean }[] {
  const bare = p.name.replace(/\s*\([^)]*\)\s*$/, '').trim();
  const list = [{ text: p.name, caseSensitive: false }, { text: bare, caseSensitive: false }];
  if (p.acronym) list.push({ text: p.acronym, caseSensitive: true });
  const inName = /\(([A-Z][A-Za-z]{1,9})\)\s*$/.exec(p.name)?.[1];
  if (inName) list.push({ text: inName, caseSensitive: true });
  return list;
}

export interface Found { start: number; end: number; party: Party }

/** Exact mentions of parties in the text, longest names first, none overlapping, in text order. */
export function findParties(text: string, parties: Party[]): Found[] {
  const candidates = parties.flatMap((p) => namesOf(p).map((n) => ({ ...n, party: p }))).sort((a, b) => b.text.length - a.text.length);
  const taken: Found[] = [];
  for (const c of candidates) {
    if (c.text.length < 2) continue;
    const re = new RegExp(`(?<![A-Za-z0-9])${escape(c.text)}(?![A-Za-z0-9])`, c.caseSensitive ? 'g' : 'gi');
    for (const m of text.matchAll(re)) {
      const start = m.index; const end = start + m[0].length;
      if (taken.some((t) => start < t.end && end > t.start)) continue;
      taken.push({ start, end, party: c.party });
    }
  }
  return taken.sort((a, b) => a.start - b.start);
}

function bigrams(s: string): Map<string, number> {
  const m = new Map<string, number>();
  for (let i = 0; i < s.length - 1; i++) { const g = s.slice(i, i + 2); m.set(g, (m.get(g) ?? 0) + 1); }
  return m;
}

/** Sørensen–Dice similarity of two names (0 to 1) on letter pairs. */
export function similarity(a: string, b: string): number {
  const x = bigrams(norm(a)); const y = bigrams(norm(b));
  let both = 0; let total = 0;
  for (const [g, n] of x) { both += Math.min(n, y.get(g) ?? 0); total += n; }
  for (const n of y.values()) total += n;
  return total ? (2 * both) / total : 0;
}

/** Likely parties for words that matched none exactly: similar names, or names the words start with or contain. */
export function suggest(written: string, parties: Party[]): Party[] {
  const w = norm(written);
  const scored = parties.map((p) => {
    const names = namesOf(p).map((n) => norm(n.text)).filter(Boolean);
    let score = Math.max(...names.map((n) => similarity(w, n)));
    if (names.some((n) => n.length > 1 && (w.startsWith(`${n} `) || w.includes(` ${n} `) || w.endsWith(` ${n}`)))) score = Math.max(score, 0.6);
    return { p, score };
  }).filter((s) => s.score >= 0.5).sort((a, b) => b.score - a.score);
  return scored.slice(0, 3).map((s) => s.p);
}

const SEPARATORS = /\s*(?:,|\/|&|;|\+|\band\b|\bwith\b|\bin partnership\b|\bsupported by\b)\s*/i;
const FILLER = /^(and|with|in partnership|partners?|team|led by|lead)$/i;

/** The leads a plan's words name: exact matches where they exist, suggestions for the rest. */
export function matchLeads(text: string, parties: Party[]): LeadMatch[] {
  const found = findParties(text, parties);
  const out: { at: number; lead: LeadMatch }[] = [];
  let cursor = 0;
  const leftovers = (from: number, to: number) => {
    for (const piece of text.slice(from, to).split(SEPARATORS)) {
      const written = piece.trim().replace(/^[-–:.]+|[-–:.]+$/g, '').trim();
      if (written.length < 2 || FILLER.test(written)) continue;
      out.push({ at: from, lead: { written, match: null, suggestions: suggest(written, parties) } });
    }
  };
  for (const f of found) {
    leftovers(cursor, f.start);
    out.push({ at: f.start, lead: { written: text.slice(f.start, f.end), match: f.party, suggestions: [] } });
    cursor = f.end;
  }
  leftovers(cursor, text.length);
  // The same party named twice ("CBC … CBC") is one lead.
  const seen = new Set<string>();
  return out.sort((a, b) => a.at - b.at).map((o) => o.lead).filter((l) => {
    if (!l.match) return true;
    const key = `${l.match.type}:${l.match.id}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
