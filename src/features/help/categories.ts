// The fixed lists of the help directory: what an entry is, and the kinds of help residents look for.
// Category keys are their addresses (/p/scp/help/domestic-abuse).

export const HELP_KINDS = ['support_service', 'reporting_centre', 'safe_place'] as const;
export type HelpKind = (typeof HELP_KINDS)[number];
export const KIND_NAMES: Record<HelpKind, string> = {
  support_service: 'Support service', reporting_centre: 'Hate incident reporting centre', safe_place: 'Safe place',
};

export const CATEGORIES = [
  { key: 'domestic-abuse', name: 'Domestic abuse' },
  { key: 'sexual-violence', name: 'Rape and sexual violence' },
  { key: 'hate-crime', name: 'Hate crime' },
  { key: 'anti-social-behaviour', name: 'Anti-social behaviour' },
  { key: 'drugs-and-alcohol', name: 'Drugs and alcohol' },
  { key: 'young-people', name: 'Children and young people' },
  { key: 'victims', name: 'Victims of crime' },
  { key: 'reporting-crime', name: 'Reporting a crime' },
] as const;
export type CategoryKey = (typeof CATEGORIES)[number]['key'];
export const CATEGORY_KEYS = CATEGORIES.map((c) => c.key) as readonly string[];
export const categoryName = (key: string) => CATEGORIES.find((c) => c.key === key)?.name ?? key;

/** Pages about domestic abuse carry the "leave this site quickly" button. */
export const NEEDS_QUICK_EXIT: readonly string[] = ['domestic-abuse', 'sexual-violence'];

/** Where the quick-exit button goes: a neutral page that says nothing about what was being read. */
export const QUICK_EXIT_URL = 'https://www.bbc.co.uk/weather';
