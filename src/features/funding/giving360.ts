// The ledger in the 360Giving Data Standard (https://standard.threesixtygiving.org/): one grant per
// funding stream, as JSON (a package with "grants") and as the standard's flat CSV with its column
// titles. Every grant carries the standard's required fields. A stream that lacks one of them (no award
// date, recipient, funder or purpose recorded) is left out rather than given an invented value; the
// ledger page lists what was left out and why.
import { csvDocument } from '../../platform/csv.ts';
import { toPounds } from '../../platform/money.ts';
import type { StreamRow } from './types.ts';

export interface Organisation { id: string; name: string }
export interface Grant {
  id: string; title: string; description: string; currency: 'GBP'; amountAwarded: number; awardDate: string;
  recipientOrganization: [Organisation]; fundingOrganization: [Organisation]; dateModified: string;
  grantProgramme?: [{ title: string }]; plannedDates?: [{ endDate: string }];
}
export interface Left { id: number; name: string; missing: string[] }

const slugOf = (s: string) => s.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'unnamed';

/** Identifiers made from the prefix: one per grant, and one per organisation that has no registered identifier. */
export function identifiers(prefix: string, partnershipSlug: string) {
  const base = `${prefix}-${partnershipSlug}`;
  return {
    grant: (streamId: number) => `${base}-grant-${streamId}`,
    organisation: (name: string, registered: string | null) => registered ?? `${base}-org-${slugOf(name)}`,
  };
}

/** The grants the standard can describe, and the streams left out with what each lacks. */
export function grantsOf(streams: StreamRow[], prefix: string, partnershipSlug: string): { grants: Grant[]; left: Left[] } {
  const ids = identifiers(prefix, partnershipSlug);
  const grants: Grant[] = [];
  const left: Left[] = [];
  for (const s of streams) {
    const missing = [
      ...(s.awardedOn ? [] : ['award date']), ...(s.recipient ? [] : ['recipient']),
      ...(s.funder ? [] : ['funder']), ...(s.purpose ? [] : ['purpose']),
    ];
    if (missing.length) { left.push({ id: s.id, name: s.name, missing }); continue; }
    grants.push({
      id: ids.grant(s.id), title: s.name, description: s.purpose!, currency: 'GBP', amountAwarded: toPounds(s.amountPence),
      awardDate: s.awardedOn!,
      recipientOrganization: [{ id: ids.organisation(s.recipient!, s.recipientIdentifier), name: s.recipient! }],
      fundingOrganization: [{ id: ids.organisation(s.funder!, s.funderIdentifier), name: s.funder! }],
      dateModified: s.updatedAt,
      ...(s.programme ? { grantProgramme: [{ title: s.programme }] as [{ title: string }] } : {}),
      ...(s.endsOn ? { plannedDates: [{ endDate: s.endsOn }] as [{ endDate: string }] } : {}),
    });
  }
  return { grants, left };
}

/** The standard's column titles for the flat (spreadsheet) form, in this order. */
export const CSV_COLUMNS = ['Identifier', 'Title', 'Description', 'Currency', 'Amount Awarded', 'Award Date',
  'Recipient Org:Identifier', 'Recipient Org:Name', 'Funding Org:Identifier', 'Funding Org:Name', 'Last Modified',
  'Grant Programme:Title', 'Planned Dates:End Date'] as const;

export function grantsCsv(grants: Grant[]): string {
  return csvDocument([...CSV_COLUMNS], grants.map((g) => [
    g.id, g.title, g.description, g.currency, g.amountAwarded, g.awardDate,
    g.recipientOrganization[0].id, g.recipientOrganization[0].name, g.fundingOrganization[0].id, g.fundingOrganization[0].name,
    g.dateModified, g.grantProgramme?.[0].title ?? null, g.plannedDates?.[0].endDate ?? null,
  ]));
}
