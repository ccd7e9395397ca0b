// The tables of a Word (.docx) file, read from its XML with the document tools the product already
// has: no other library is needed to get cells, paragraphs and the headings before each table.
import { readZip } from '../../../documents/zip-read.ts';
import { parseXml, XmlError, type XmlElement } from '../../../documents/xml-tree.ts';
import { UnreadablePlanError, type SourceTable } from './source.ts';

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';

/** A .docx is a zip (PK\x03\x04) holding word/document.xml. */
export const looksLikeZip = (bytes: Buffer): boolean => bytes.length > 4 && bytes.readUInt32LE(0) === 0x04034b50;

const child = (el: XmlElement, local: string) => el.children.find((c) => c.ns === W && c.local === local);
const children = (el: XmlElement, local: string) => el.children.filter((c) => c.ns === W && c.local === local);

function paragraphText(p: XmlElement): string {
  let text = '';
  const visit = (el: XmlElement) => {
    if (el.ns === W && el.local === 't') text += el.text;
    else if (el.ns === W && (el.local === 'tab')) text += '\t';
    else if (el.ns === W && (el.local === 'br')) text += '\n';
    else for (const c of el.children) visit(c);
  };
  visit(p);
  return text.trim();
}

/** A cell continuing a vertically merged one above it (the objective written once for several rows). */
function continuesMerge(tc: XmlElement): boolean {
  const vMerge = child(child(tc, 'tcPr') ?? tc, 'vMerge');
  if (!vMerge) return false;
  const val = vMerge.nsAttrs.get(`${W}|val`) ?? vMerge.attrs.get('w:val');
  return val !== 'restart';
}

function readTable(tbl: XmlElement): string[][][] {
  const rows: string[][][] = [];
  for (const tr of children(tbl, 'tr')) {
    const cells: string[][] = [];
    for (const tc of children(tr, 'tc')) {
      const paragraphs = continuesMerge(tc) ? [] : children(tc, 'p').map(paragraphText).filter(Boolean);
      // A nested table's text joins its cell.
      for (const inner of children(tc, 'tbl')) paragraphs.push(...readTable(inner).flat(2));
      cells.push(paragraphs);
    }
    rows.push(cells);
  }
  return rows;
}

export function readDocxTables(bytes: Buffer): SourceTable[] {
  if (!looksLikeZip(bytes)) throw new UnreadablePlanError('The file is not a Word document (.docx).');
  let xml: string | undefined;
  try {
    xml = readZip(bytes).get('word/document.xml')?.toString('utf8');
  } catch {
    throw new UnreadablePlanError('The Word file could not be opened: it may be damaged. Save it again from Word and upload it again.');
  }
  if (!xml) throw new UnreadablePlanError('The file is a zip but not a Word document (.docx): it has no document text.');
  let root: XmlElement;
  try { root = parseXml(xml); } catch (err) {
    if (err instanceof XmlError) throw new UnreadablePlanError('The Word file could not be read: its document text is damaged.');
    throw err;
  }
  const body = child(root, 'body');
  if (!body) throw new UnreadablePlanError('The Word file has no document body.');
  const tables: SourceTable[] = [];
  let context: string[] = [];
  for (const el of body.children) {
    if (el.ns !== W) continue;
    if (el.local === 'p') {
      const text = paragraphText(el);
      if (text) context.push(text);
    } else if (el.local === 'tbl') {
      tables.push({ context, rows: readTable(el) });
      context = [];
    }
  }
  if (!tables.length) throw new UnreadablePlanError('The Word file has no tables. The importer reads the plan’s tables of projects and initiatives.');
  return tables;
}
