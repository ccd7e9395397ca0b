// The kinds of record search finds, in the order the results page lists them.
export const SEARCH_KINDS = ['plan', 'priority', 'objective', 'initiative', 'update', 'measure', 'funding', 'meeting', 'minute', 'action', 'document'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

export const KIND_LABELS: Record<SearchKind, { one: string; many: string }> = {
  plan: { one: 'Plan', many: 'Plans' },
  priority: { one: 'Priority', many: 'Priorities' },
  objective: { one: 'Objective', many: 'Objectives' },
  initiative: { one: 'Initiative', many: 'Initiatives' },
  update: { one: 'Progress update', many: 'Progress updates' },
  measure: { one: 'Measure', many: 'Measures' },
  funding: { one: 'Funding stream', many: 'Funding' },
  meeting: { one: 'Meeting', many: 'Meetings' },
  minute: { one: 'Minute', many: 'Minutes' },
  action: { one: 'Action', many: 'Actions' },
  document: { one: 'Document', many: 'Documents' },
};

export const isSearchKind = (value: string): value is SearchKind => (SEARCH_KINDS as readonly string[]).includes(value);
