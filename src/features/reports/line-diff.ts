// What changed between two texts, line by line: the longest common subsequence of their lines
// kept, the rest marked removed or added. Sections are short, so the quadratic table is small;
// past a size where it would not be, the whole of one text is shown replaced by the other.

export interface DiffLine { change: 'same' | 'removed' | 'added'; text: string }

const MAX_CELLS = 4_000_000;

export function lineDiff(before: string, after: string): DiffLine[] {
  const a = before === '' ? [] : before.split('\n');
  const b = after === '' ? [] : after.split('\n');
  if (a.length * b.length > MAX_CELLS) {
    return [...a.map((text): DiffLine => ({ change: 'removed', text })), ...b.map((text): DiffLine => ({ change: 'added', text }))];
  }
  // lcs[i][j]: the length of the longest common subsequence of a[i..] and b[j..].
  const lcs = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) { out.push({ change: 'same', text: a[i]! }); i++; j++; }
    else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) out.push({ change: 'removed', text: a[i++]! });
    else out.push({ change: 'added', text: b[j++]! });
  }
  while (i < a.length) out.push({ change: 'removed', text: a[i++]! });
  while (j < b.length) out.push({ change: 'added', text: b[j++]! });
  return out;
}
