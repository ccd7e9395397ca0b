// From a plan's tables to a proposed plan: priorities, objectives and initiatives, each initiative
// with the row it came from, its leads matched (or suggested), its timing and references parsed,
// and the problems a coordinator should look at. Pure: tables and parties in, proposal out.
import type { SourceTable } from './source.ts';
import { findParties, matchLeads, type LeadMatch, type Party } from './match-leads.ts';
import { parseTiming, splitTrailingTiming, type ParsedTiming } from './timing.ts';
import { parseRefs, parseStrands } from './refs.ts';
import type { InitiativeStatus } from '../types.ts';

export interface ProposedPriority { number: number | null; title: string; objectives: string[] }

export interface ProposedInitiative {
  /** The source row's cells as text, shown beside the proposal. */
  source: string[];
  priority: number | null;
  objective: string | null;
  name: string;
  leadsWritten: string;
  leads: LeadMatch[];
  supports: LeadMatch[];
  timing: ParsedTiming;
  description: string;
  outcomes: string;
  /** Partnership priorities it serves besides its own ("1 & 2"). */
  priorityRefs: number[];
  /** Police and Crime Plan priority numbers ("3, 4 & 6"). */
  pccRefs: number[];
  strands: string[];
  status: InitiativeStatus;
  statusReason: string | null;
  problems: string[];
}

export interface PlanProposal { priorities: ProposedPriority[]; initiatives: ProposedInitiative[] }

const WORD_NUMBERS = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
const OUTSIDE = /not covered by (the )?key priorities|outside the key priorities|other vulnerabilities/i;

/** "Priority 2: Driving down …", "Priority Two - Driving down …": number and title. */
export function priorityLine(line: string): ProposedPriority | null {
  const m = /^priority\s+(\d+|one|two|three|four|five|six|seven|eight|nine|ten)\b\s*[-–:.]?\s*(.*)$/i.exec(line.trim());
  if (m) {
    const n = /^\d+$/.test(m[1]!) ? Number(m[1]) : WORD_NUMBERS.indexOf(m[1]!.toLowerCase()) + 1;
    const title = m[2]!.replace(/:\s*projects and initiatives.*$/i, '').trim();
    return { number: n, title, objectives: [] };
  }
  if (OUTSIDE.test(line) && !/^projects and initiatives outside/i.test(line.trim())) return { number: null, title: line.trim(), objectives: [] };
  return null;
}

interface Columns { objective: number; name: number; about: number; outcomes: number; refs: number; pcc: number; strands: number }

function columnsOf(header: string[]): Columns | null {
  const find = (re: RegExp, not?: RegExp) => header.findIndex((h) => re.test(h) && !(not && not.test(h)));
  const name = find(/project|initiative/i, /about/i);
  if (name < 0) return null;
  return {
    name, objective: find(/^objective/i), about: find(/about|description/i), outcomes: find(/outcome/i),
    pcc: find(/\bP?F?CC\b|police,? (fire )?and crime/i), refs: find(/\bSCP\b|partnership priorit|^priorit/i, /\bP?F?CC\b/i),
    strands: find(/strand|strategy|ECPS/i),
  };
}

const LABEL = /^(lead|supported by|when|cancelled|delayed)\s*:\s*(.*)$/i;
const SERVES = /^(?:also )?serves priorit(?:y|ies)\s+(.*)$/i;

/** The first cell as the product's plan document writes it: name, then labelled lines. */
function labelledCell(paragraphs: string[]) {
  const out = { name: paragraphs[0] ?? '', leads: '', supports: '', when: '', refs: [] as number[], status: 'active' as InitiativeStatus, statusReason: null as string | null, extra: [] as string[] };
  for (const p of paragraphs.slice(1)) {
    const m = LABEL.exec(p);
    const serves = SERVES.exec(p);
    if (serves) out.refs = parseRefs(serves[1]!);
    else if (/^cancelled$/i.test(p)) out.status = 'cancelled';
    else if (/^delayed$/i.test(p)) out.status = 'delayed';
    else if (!m) out.extra.push(p);
    else {
      const [, label, value] = m;
      switch (label!.toLowerCase()) {
        case 'lead': out.leads = value!; break;
        case 'supported by': out.supports = value!; break;
        case 'when': out.when = value!; break;
        case 'cancelled': out.status = 'cancelled'; out.statusReason = value || null; break;
        case 'delayed': out.status = 'delayed'; out.statusReason = value || null; break;
      }
    }
  }
  return out;
}

/** The first cell as the seed plans write it, all on one line: "PSPO Car Parks CBC Community Safety Team & Neighbourhood Team May 2020-May 2023". */
function runTogetherCell(text: string, parties: Party[]) {
  const { rest, timing } = splitTrailingTiming(text);
  const found = findParties(rest, parties);
  // The name is what comes before the first party named (or the second, when a name starts with one: "NHW New Website Launch").
  let cut = found.length ? found[0]!.start : -1;
  if (cut === 0 && found.length > 1) cut = found[1]!.start;
  if (cut <= 0) return { name: rest, leads: '', when: timing ?? '' };
  return { name: rest.slice(0, cut).trim(), leads: rest.slice(cut).trim(), when: timing ?? '' };
}

const text = (cells: string[][], i: number) => (i >= 0 ? (cells[i] ?? []).join('\n').trim() : '');

/** Turn the plan's tables into a proposal for review. */
export function proposePlan(tables: SourceTable[], parties: Party[]): PlanProposal {
  const priorities: ProposedPriority[] = [];
  const initiatives: ProposedInitiative[] = [];
  let current: ProposedPriority | null = null;
  let lastColumns: Columns | null = null;
  const priorityFor = (p: ProposedPriority) => {
    const found = priorities.find((x) => x.number === p.number && (p.number !== null || x.number === null));
    if (found) { if (!found.title && p.title) found.title = p.title; return found; }
    priorities.push(p);
    return p;
  };
  for (const table of tables) {
    for (const line of table.context) {
      const p = priorityLine(line);
      if (p) current = priorityFor(p);
    }
    const header = table.rows[0]?.map((c) => c.join(' ')) ?? [];
    const headerColumns = columnsOf(header);
    const columns: Columns | null = headerColumns ?? lastColumns;
    if (!columns) continue;
    lastColumns = columns;
    let objective: string | null = null;
    let previous: ProposedInitiative | null = null;
    for (const cells of table.rows.slice(headerColumns ? 1 : 0)) {
      const nameCell = cells[columns.name] ?? [];
      const objectiveText = text(cells, columns.objective);
      if (objectiveText) objective = /^other initiatives$/i.test(objectiveText) ? null : objectiveText;
      const source = cells.map((c) => c.join('\n'));
      const others = source.filter((c, i) => c && i !== columns.name && i !== columns.objective);
      const timingOnly = nameCell.length === 1 && !others.length ? splitTrailingTiming(nameCell[0]!) : null;
      if (/^no initiatives yet$/i.test(nameCell.join(' '))) continue;
      if (previous && (!nameCell.length || (timingOnly && !timingOnly.rest && timingOnly.timing))) {
        // A row broken out of the one above: its timing, or more of its text.
        if (timingOnly?.timing && previous.timing.kind === 'not_recorded') previous.timing = parseTiming(timingOnly.timing);
        if (text(cells, columns.about)) previous.description = `${previous.description} ${text(cells, columns.about)}`.trim();
        if (text(cells, columns.outcomes)) previous.outcomes = `${previous.outcomes} ${text(cells, columns.outcomes)}`.trim();
        previous.source = previous.source.map((c, i) => [c, source[i]].filter(Boolean).join('\n'));
        continue;
      }
      if (!nameCell.length) continue;
      const cell = nameCell.length > 1 || nameCell.some((p) => LABEL.test(p) || SERVES.test(p))
        ? labelledCell(nameCell)
        : { ...labelledCell([]), ...runTogetherCell(nameCell[0]!, parties) };
      const p = current ?? priorityFor({ number: null, title: '', objectives: [] });
      current = p;
      if (objective && !p.objectives.includes(objective)) p.objectives.push(objective);
      const ownRefs = columns.refs >= 0 ? parseRefs(text(cells, columns.refs)) : [];
      const initiative: ProposedInitiative = {
        source, priority: p.number, objective, name: cell.name.trim(), leadsWritten: cell.leads,
        leads: matchLeads(cell.leads, parties), supports: matchLeads(cell.supports, parties),
        timing: parseTiming(cell.when), description: text(cells, columns.about), outcomes: text(cells, columns.outcomes),
        priorityRefs: [...new Set([...cell.refs, ...ownRefs])].sort((a, b) => a - b),
        pccRefs: columns.pcc >= 0 ? parseRefs(text(cells, columns.pcc)) : [],
        strands: columns.strands >= 0 ? parseStrands(text(cells, columns.strands)) : [],
        status: cell.status, statusReason: cell.statusReason, problems: [],
      };
      initiatives.push(initiative);
      previous = initiative;
    }
  }
  for (const p of priorities) if (!p.title) p.title = p.number === null ? 'Work outside the key priorities' : `Priority ${p.number}`;
  priorities.sort((a, b) => (a.number ?? Infinity) - (b.number ?? Infinity));
  for (const i of initiatives) i.problems = problemsOf(i, priorities);
  return { priorities, initiatives };
}

/** What the coordinator should look at before accepting. */
export function problemsOf(i: ProposedInitiative, priorities: ProposedPriority[]): string[] {
  const problems: string[] = [];
  if (!i.name) problems.push('No name was found');
  if (i.name.length > 200) problems.push('The name is very long: part of the description may have joined it');
  if (!i.leads.length) problems.push('No lead was found');
  for (const l of [...i.leads, ...i.supports]) {
    if (!l.match) problems.push(`“${l.written}” is not one of the partnership’s organisations${l.suggestions.length ? `: did you mean ${l.suggestions.map((s) => s.acronym ?? s.name).join(' or ')}?` : ''}`);
  }
  if (i.timing.kind === 'not_recorded' && i.timing.text) problems.push(`The timing “${i.timing.text}” could not be read as dates`);
  for (const n of i.priorityRefs) if (!priorities.some((p) => p.number === n)) problems.push(`Refers to priority ${n}, which the plan does not have`);
  return problems;
}
