// The priority and objective forms: what was typed, and the checks that turn it into fields.
import type { ObjectiveRow, PriorityRow } from './priority-queries.ts';
import type { PriorityKind } from './types.ts';

export type Problem = { field: string; message: string };


/** What the priority form sends back, as typed: kept whole so a form with errors shows it again. */
/** `kind` is "key" (numbered, counted) or "cross_cutting" (the one unnumbered section for other work); missing means key. */
export interface PriorityFormValues { kind?: string; number: string; title: string; commitments: string; evidence: string; version: string }
export interface PriorityFields { kind: PriorityKind; number: number | null; title: string; commitments: string[]; evidence: string }
export interface ObjectiveFormValues { title: string; position: string; version: string }

const str = (body: Record<string, unknown>, k: string) => (typeof body[k] === 'string' ? (body[k] as string) : '');

export function priorityValuesFromBody(body: Record<string, unknown>): PriorityFormValues {
  return { kind: str(body, 'kind') || 'key', number: str(body, 'number'), title: str(body, 'title'), commitments: str(body, 'commitments'), evidence: str(body, 'evidence'), version: str(body, 'version') };
}

export function priorityValuesFrom(p: PriorityRow): PriorityFormValues {
  return { kind: p.kind, number: p.number === null ? '' : String(p.number), title: p.title, commitments: p.commitments.join('\n'), evidence: p.evidence, version: String(p.version) };
}

export function objectiveValuesFromBody(body: Record<string, unknown>): ObjectiveFormValues {
  return { title: str(body, 'title'), position: str(body, 'position'), version: str(body, 'version') };
}

/** Positions are stored from 0 (as the plan importer and roll forward write them); people count from 1. */
export function objectiveValuesFrom(o: ObjectiveRow): ObjectiveFormValues {
  return { title: o.title, position: String(o.position + 1), version: String(o.version) };
}

/** "The partnership will:" commitments, one per line of the textarea. */
export function commitmentLines(text: string): string[] {
  return text.split(/\r?\n/).map((s) => s.replace(/^\s*[-•*]\s*/, '').trim()).filter(Boolean);
}

export function parsePriorityForm(v: PriorityFormValues): { ok: true; fields: PriorityFields } | { ok: false; errors: Problem[] } {
  const errors: Problem[] = [];
  const kind = v.kind ?? 'key';
  if (kind !== 'key' && kind !== 'cross_cutting') errors.push({ field: 'kind', message: 'Select whether this is a key priority or work outside the key priorities' });
  const n = v.number.trim();
  // Only key priorities are numbered; the section outside them never is.
  if (kind === 'key') {
    if (!n) errors.push({ field: 'number', message: 'Enter the priority number' });
    else if (!/^\d+$/.test(n) || Number(n) < 1 || Number(n) > 99) errors.push({ field: 'number', message: 'Priority number must be a whole number from 1 to 99' });
  }
  if (!v.title.trim()) errors.push({ field: 'title', message: 'Enter the priority title' });
  else if (v.title.trim().length > 300) errors.push({ field: 'title', message: 'Title must be 300 characters or fewer' });
  const commitments = commitmentLines(v.commitments);
  if (commitments.length > 30) errors.push({ field: 'commitments', message: 'Enter 30 commitments or fewer' });
  else if (commitments.some((c) => c.length > 1000)) errors.push({ field: 'commitments', message: 'Each commitment must be 1,000 characters or fewer' });
  if (v.evidence.length > 20000) errors.push({ field: 'evidence', message: 'Evidence base must be 20,000 characters or fewer' });
  if (errors.length) return { ok: false, errors };
  const isKey = kind === 'key';
  return { ok: true, fields: { kind: isKey ? 'key' : 'cross_cutting', number: isKey ? Number(n) : null, title: v.title.trim(), commitments, evidence: v.evidence.trim() } };
}

export function parseObjectiveForm(v: ObjectiveFormValues): { ok: true; fields: { title: string; position: number } } | { ok: false; errors: Problem[] } {
  const errors: Problem[] = [];
  if (!v.title.trim()) errors.push({ field: 'title', message: 'Enter the objective' });
  else if (v.title.trim().length > 500) errors.push({ field: 'title', message: 'Objective must be 500 characters or fewer' });
  const p = v.position.trim();
  if (!p) errors.push({ field: 'position', message: 'Enter where the objective comes in the list' });
  else if (!/^\d+$/.test(p) || Number(p) < 1 || Number(p) > 999) errors.push({ field: 'position', message: 'Order must be a whole number from 1 to 999' });
  if (errors.length) return { ok: false, errors };
  return { ok: true, fields: { title: v.title.trim(), position: Number(p) - 1 } };
}

