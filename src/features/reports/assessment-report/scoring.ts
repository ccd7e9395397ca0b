// The scoring matrix: every issue the assessment offered, ranked by its weighted total, with each
// criterion's score and how confident the scorer was, then the reasons behind each score (the
// data's own reason for volume and trend, the analyst's rationale for the rest).
import { cell, paragraph, sourceNote, type Block, type Cell, type Table } from '../../../documents/model.ts';
import { FACTORS, FACTOR_LABELS, DERIVED_FACTORS, derivedScores, maxTotal, type Factor } from '../../assessment/scoring/rules.ts';
import type { ScoredWorkspace } from './inputs.ts';
import { num, pct } from './format.ts';

type Ranked = ScoredWorkspace['ranked'][number];

const isDerivedFactor = (f: Factor) => (DERIVED_FACTORS as readonly Factor[]).includes(f);

/** A derived criterion the data cannot give (no months of the year before): unknown, with why. */
const unknownReason = (r: Ranked, f: Factor): string | null =>
  ((r.unknown as readonly Factor[]).includes(f) ? r.unknownReasons[f as keyof Ranked['unknownReasons']] ?? 'cannot be worked out from the data' : null);

function scoreCell(r: Ranked, f: Factor): Cell {
  const x = r.fields[f];
  const unknown = x.score === null ? unknownReason(r, f) : null;
  if (unknown !== null) return cell([{ text: 'unknown', bold: true }], unknown);
  if (x.score === null) return cell('not scored');
  const how = x.derived ? 'from the data' : x.confidence ? `${x.confidence} confidence` : 'confidence not recorded';
  return cell([{ text: String(x.score), bold: true }], how);
}

export function matrixTable(ws: ScoredWorkspace): Table {
  const header = ['Rank', 'Issue', ...FACTORS.map((f) => `${FACTOR_LABELS[f]}${ws.weights[f] === 1 ? '' : ` (×${ws.weights[f]})`}`), ws.ranked.some((r) => r.unknown.length > 0) ? `Total (of ${maxTotal(ws.weights)}, or of what could be scored)` : `Total (of ${maxTotal(ws.weights)})`];
  return {
    kind: 'table',
    caption: 'Scoring matrix: issues ranked by weighted total',
    header,
    widths: [6, 22, 10, 10, 10, 10, 10, 12, 10],
    rows: ws.ranked.map((r) => [
      cell(String(r.rank)),
      { ...cell(r.label, ...(r.adopted ? [`Priority ${r.adopted.number}, ${r.adopted.year}`] : [])), rowHeader: true },
      ...FACTORS.map((f) => scoreCell(r, f)),
      totalCell(r, maxTotal(ws.weights)),
    ]),
  };
}

/** "25 of 30", and on how many criteria when some are unknown: the total is out of what could be scored. */
function totalCell(r: Ranked, full: number): Cell {
  const total: Cell = cell([{ text: String(r.total), bold: true }]);
  if (!r.unknown.length && r.max === full) return total;
  return cell([{ text: `${r.total} of ${r.max}`, bold: true }],
    `over ${r.criteria} of ${FACTORS.length} criteria; ${r.unknown.map((f) => FACTOR_LABELS[f].toLowerCase()).join(', ')} unknown`);
}

/** One row per score given: the data's reason for a derived score, the rationale for an entered one. */
export function rationaleTable(ws: ScoredWorkspace): Table | null {
  const rows: Cell[][] = [];
  for (const r of ws.ranked) {
    const derived = r.figures ? derivedScores(r.figures) : null;
    for (const f of FACTORS) {
      const x = r.fields[f];
      const unknown = x.score === null ? unknownReason(r, f) : null;
      if (unknown !== null) {
        rows.push([{ ...cell(r.label), rowHeader: true }, cell(FACTOR_LABELS[f]), cell('unknown'), cell('from the data'), cell(`${unknown}.`)]);
        continue;
      }
      if (x.score === null && !x.rationale) continue;
      const reason = x.derived && isDerivedFactor(f) && derived ? `From the data: ${derived[f as 'volume' | 'trend'].reason}.` : x.rationale ?? 'not recorded';
      rows.push([{ ...cell(r.label), rowHeader: true }, cell(FACTOR_LABELS[f]), cell(x.score === null ? 'not scored' : String(x.score)),
        cell(x.derived ? 'from the data' : x.confidence ?? 'not recorded'), cell(reason)]);
    }
  }
  if (!rows.length) return null;
  return { kind: 'table', caption: 'Why each score was given', header: ['Issue', 'Criterion', 'Score', 'Confidence', 'Reason'], widths: [22, 14, 8, 12, 44], rows };
}

export function scoringBlocks(ws: ScoredWorkspace): Block[] {
  const fullyScored = ws.ranked.filter((r) => r.entered === 4).length;
  const figures = (f: NonNullable<Ranked['figures']>) => `; ${num(f.count)} ${f.unit}${f.changePct === null ? '' : `, ${pct(f.changePct)}`}`;
  const top = ws.ranked.slice(0, 3).map((r) => `${r.label} (${r.total}${r.unknown.length ? ` of ${r.max}` : ''}${r.figures ? figures(r.figures) : ''})`);
  const rationale = rationaleTable(ws);
  const unknownAny = ws.ranked.some((r) => r.unknown.length > 0);
  return [
    paragraph(fullyScored === ws.ranked.length
      ? `${ws.ranked.length} issues were scored on every criterion for ${ws.result.labels.period}.`
      : `${ws.ranked.length} issues were scored for ${ws.result.labels.period}, ${fullyScored === 0 ? 'none yet' : fullyScored} on every criterion; `
        + `${fullyScored === 0 ? 'they rank' : 'the others rank'} on the scores derived from the data and any entered so far.`),
    ...(top.length ? [paragraph(`The highest ranked: ${top.join('; ')}.`)] : []),
    matrixTable(ws),
    sourceNote('Volume and trend are derived from the police.uk and partner figures unless an analyst overrode them with a rationale; the other criteria are entered by analysts, each with a confidence and a rationale.'
      + (unknownAny ? ` A criterion marked unknown cannot be worked out from the data and is left out of the total and of the most the issue could score (its “of” figure): ${ws.unknownReasons.map((x) => `${x}.`).join(' ')}` : '')),
    ...(rationale ? [rationale] : []),
  ];
}
