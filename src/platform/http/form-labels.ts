import { parse, type HTMLElement } from 'node-html-parser';

// The labels a person saw on a form, read from the form's page: for each field name its label
// (a radio or checkbox group's legend), or null for a hidden field nobody typed in.

const words = (el: HTMLElement) => el.text.replace(/\s+/g, ' ').trim();

function legendOf(field: HTMLElement): string | null {
  const legend = field.closest('fieldset')?.querySelector('legend');
  return legend ? words(legend) : null;
}

export function formLabels(html: string): Map<string, string | null> {
  const root = parse(html);
  const labelFor = new Map(root.querySelectorAll('label[for]').map((l) => [l.getAttribute('for')!, words(l)]));
  const seen = new Map<string, { labels: Set<string>; first: HTMLElement }>();
  const hidden = new Set<string>();
  for (const field of root.querySelectorAll('input[name], select[name], textarea[name]')) {
    const name = field.getAttribute('name')!;
    const type = field.getAttribute('type');
    if (type === 'hidden') { hidden.add(name); continue; }
    const id = field.getAttribute('id');
    const label = type === 'radio' || type === 'checkbox' ? legendOf(field) ?? (id ? labelFor.get(id) : undefined)
      : id ? labelFor.get(id) : undefined;
    if (!label) continue;
    const entry = seen.get(name) ?? { labels: new Set<string>(), first: field };
    entry.labels.add(label);
    seen.set(name, entry);
  }
  const out = new Map<string, string | null>([...hidden].map((n) => [n, null]));
  for (const [name, { labels, first }] of seen) {
    // One name under several labels ("Lead 1", "Lead 2"): the group's legend says what they are.
    out.set(name, labels.size > 1 ? legendOf(first) ?? [...labels][0]! : [...labels][0]!);
  }
  return out;
}
