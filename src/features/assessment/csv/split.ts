// A tight CSV field splitter. police.uk files almost never quote (one line in 366 k), so the
// common case is a plain `split(',')`; quoted fields take the slower path. Measured faster than
// csv-parse and papaparse, and it keeps the importer free of a parsing dependency.

/** Thrown for a line that cannot be CSV (text after a closing quote). */
export class CsvSyntaxError extends Error {}

/**
 * Split one CSV record into fields.
 * Returns null when a quoted field is still open at the end of `line`: the caller joins the next
 * physical line (with '\n') and tries again, which is how a quoted field may hold a line break.
 */
export function splitCsvLine(line: string): string[] | null {
  if (line.indexOf('"') === -1) return line.split(',');
  const out: string[] = [];
  const n = line.length;
  let i = 0;
  for (;;) {
    if (line.charCodeAt(i) === 34 /* " */) {
      let value = '';
      let segStart = i + 1;
      let pos = segStart;
      for (;;) {
        const q = line.indexOf('"', pos);
        if (q === -1) return null;
        if (line.charCodeAt(q + 1) === 34) {
          // A doubled quote inside a quoted field stands for one quote.
          value += line.slice(segStart, q + 1);
          pos = q + 2;
          segStart = pos;
          continue;
        }
        value += line.slice(segStart, q);
        i = q + 1;
        break;
      }
      out.push(value);
      if (i === n) return out;
      if (line.charCodeAt(i) !== 44 /* , */) {
        throw new CsvSyntaxError(`text follows a closing quote in column ${out.length}`);
      }
      i++;
      if (i === n) {
        out.push('');
        return out;
      }
    } else {
      const c = line.indexOf(',', i);
      if (c === -1) {
        out.push(line.slice(i));
        return out;
      }
      out.push(line.slice(i, c));
      i = c + 1;
      if (i === n) {
        out.push('');
        return out;
      }
    }
  }
}
