// Checks that a .docx we generate is a package Word opens without offering to repair it. Word
// refuses (or "repairs") a file whose parts lack a content type, whose relationships point at
// nothing, whose XML is malformed or breaks the WordprocessingML schema. The full ECMA-376 schemas
// are not available to the project offline (no package in the registries ships them), so the schema
// part checks what the schema requires of the elements we write: the order of the children of the
// property elements (pPr, rPr, tcPr, tblPr, sectPr, style, numbering …), which Word enforces
// strictly, and the structure of paragraphs, runs and tables. The orders below are ECMA-376 Part 1's
// (transitional), where it lists the children of these types as sequences. Run properties are a
// free choice there, but Word writes and expects its own fixed order, so they are held to it too.
import { posix } from 'node:path';
import { readZip } from './zip-read.js';
import { parseXml, walk, XmlError, type XmlElement } from './xml-tree.js';

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_RELS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const CONTENT_TYPES = 'http://schemas.openxmlformats.org/package/2006/content-types';
const MC = 'http://schemas.openxmlformats.org/markup-compatibility/2006';
const WP = 'http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing';
const MAIN_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml';
const OFFICE_DOCUMENT = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument';

const PPR_BASE = [
  'pStyle', 'keepNext', 'keepLines', 'pageBreakBefore', 'framePr', 'widowControl', 'numPr', 'suppressLineNumbers', 'pBdr',
  'shd', 'tabs', 'suppressAutoHyphens', 'kinsoku', 'wordWrap', 'overflowPunct', 'topLinePunct', 'autoSpaceDE', 'autoSpaceDN',
  'bidi', 'adjustRightInd', 'snapToGrid', 'spacing', 'ind', 'contextualSpacing', 'mirrorIndents', 'suppressOverlap', 'jc',
  'textDirection', 'textAlignment', 'textboxTightWrap', 'outlineLvl', 'divId', 'cnfStyle',
];
const RPR_BASE = [
  'rStyle', 'rFonts', 'b', 'bCs', 'i', 'iCs', 'caps', 'smallCaps', 'strike', 'dstrike', 'outline', 'shadow', 'emboss', 'imprint',
  'noProof', 'snapToGrid', 'vanish', 'webHidden', 'color', 'spacing', 'w', 'kern', 'position', 'sz', 'szCs', 'highlight', 'u',
  'effect', 'bdr', 'shd', 'fitText', 'vertAlign', 'rtl', 'cs', 'em', 'lang', 'eastAsianLayout', 'specVanish', 'oMath',
];
const TCPR_BASE = [
  'cnfStyle', 'tcW', 'gridSpan', 'hMerge', 'vMerge', 'tcBorders', 'shd', 'noWrap', 'tcMar', 'textDirection', 'tcFitText',
  'vAlign', 'hideMark', 'headers',
];
const TBLPR_BASE = [
  'tblStyle', 'tblpPr', 'tblOverlap', 'bidiVisual', 'tblStyleRowBandSize', 'tblStyleColBandSize', 'tblW', 'jc',
  'tblCellSpacing', 'tblInd', 'tblBorders', 'shd', 'tblLayout', 'tblCellMar', 'tblLook', 'tblCaption', 'tblDescription',
];
const SECTPR = [
  ['headerReference', 'footerReference'], 'footnotePr', 'endnotePr', 'type', 'pgSz', 'pgMar', 'paperSrc', 'pgBorders',
  'lnNumType', 'pgNumType', 'cols', 'formProt', 'vAlign', 'noEndnote', 'titlePg', 'textDirection', 'bidi', 'rtlGutter',
  'docGrid', 'printerSettings', 'sectPrChange',
];

/** Children of these elements must come in this order; an entry that is a list shares one place. */
const SEQUENCES: Record<string, readonly (string | readonly string[])[]> = {
  pPr: [...PPR_BASE, 'rPr', 'sectPr', 'pPrChange'],
  rPr: ['ins', 'del', 'moveFrom', 'moveTo', ...RPR_BASE, 'rPrChange'],
  tcPr: [...TCPR_BASE, 'cellIns', 'cellDel', 'cellMerge', 'tcPrChange'],
  tblPr: [...TBLPR_BASE, 'tblPrChange'],
  sectPr: SECTPR,
  numPr: ['ilvl', 'numId', 'numberingChange', 'ins'],
  style: [
    'name', 'aliases', 'basedOn', 'next', 'link', 'autoRedefine', 'hidden', 'uiPriority', 'semiHidden', 'unhideWhenUsed',
    'qFormat', 'locked', 'personal', 'personalCompose', 'personalReply', 'rsid', 'pPr', 'rPr', 'tblPr', 'trPr', 'tcPr', 'tblStylePr',
  ],
  styles: ['docDefaults', 'latentStyles', 'style'],
  docDefaults: ['rPrDefault', 'pPrDefault'],
  numbering: ['numPicBullet', 'abstractNum', 'num', 'numIdMacAtCleanup'],
  abstractNum: ['nsid', 'multiLevelType', 'tmpl', 'name', 'styleLink', 'numStyleLink', 'lvl'],
  lvl: ['start', 'numFmt', 'lvlRestart', 'pStyle', 'isLgl', 'suff', 'lvlText', 'lvlPicBulletId', 'legacy', 'lvlJc', 'pPr', 'rPr'],
  num: ['abstractNumId', 'lvlOverride'],
  tbl: ['tblPr', 'tblGrid', 'tr'],
  tr: ['tblPrEx', 'trPr', 'tc'],
};
/** Children that may repeat within those sequences; every other one appears at most once. */
const REPEATS = new Set(['headerReference', 'footerReference', 'style', 'abstractNum', 'num', 'numPicBullet', 'lvl', 'lvlOverride', 'tblStylePr', 'tr', 'tc']);
/** Bookmarks and other range marks may stand between any children of a table or row. */
const RANGE_MARKS = new Set(['bookmarkStart', 'bookmarkEnd', 'commentRangeStart', 'commentRangeEnd', 'proofErr', 'permStart', 'permEnd']);

const isW = (el: XmlElement, local?: string) => el.ns === W && (local === undefined || el.local === local);
const wAttr = (el: XmlElement, local: string) => el.nsAttrs.get(`${W}|${local}`);
const at = (part: string, el: XmlElement) => `${part} line ${el.line}`;

/** Namespaces a part declares ignorable (Word's extensions): their elements are not ours to check. */
function ignorable(root: XmlElement): Set<string> {
  const prefixes = (root.nsAttrs.get(`${MC}|Ignorable`) ?? '').split(/\s+/).filter(Boolean);
  return new Set(prefixes.map((p) => root.attrs.get(`xmlns:${p}`)).filter((u): u is string => !!u));
}

function checkOrder(part: string, el: XmlElement, order: readonly (string | readonly string[])[], skip: Set<string>, problems: string[]): void {
  const rank = new Map<string, number>();
  order.forEach((entry, i) => (typeof entry === 'string' ? [entry] : entry).forEach((name) => rank.set(name, i)));
  let last = -1;
  const seen = new Set<string>();
  for (const child of el.children) {
    if (!isW(child)) {
      if (!skip.has(child.ns)) problems.push(`${at(part, child)}: ${child.name} is not allowed in ${el.name}`);
      continue;
    }
    if ((el.local === 'tbl' || el.local === 'tr') && RANGE_MARKS.has(child.local)) continue;
    const r = rank.get(child.local);
    if (r === undefined) {
      problems.push(`${at(part, child)}: ${child.name} is not allowed in ${el.name}`);
      continue;
    }
    if (r < last) problems.push(`${at(part, child)}: ${child.name} comes too late in ${el.name} (the schema puts it before ${typeof order[last] === 'string' ? order[last] : (order[last] as string[]).join('/')})`);
    if (seen.has(child.local) && !REPEATS.has(child.local)) problems.push(`${at(part, child)}: ${child.name} appears twice in ${el.name}`);
    seen.add(child.local);
    last = Math.max(last, r);
  }
}

/** Properties first, blocks never empty, tables on a consistent grid. */
function checkStructure(part: string, el: XmlElement, problems: string[]): void {
  const kids = el.children.filter((c) => isW(c));
  const onlyFirst = (name: string) => kids.forEach((c, i) => {
    if (c.local === name && i > 0) problems.push(`${at(part, c)}: ${c.name} must be the first child of ${el.name}`);
  });
  switch (el.local) {
    case 'p': onlyFirst('pPr'); break;
    case 'r': onlyFirst('rPr'); break;
    case 'tc':
      onlyFirst('tcPr');
      // Word requires a cell to end with a paragraph, even a cell that only continues a merge.
      if (kids[kids.length - 1]?.local !== 'p') problems.push(`${at(part, el)}: a table cell must end with a paragraph`);
      break;
    case 'body':
      kids.forEach((c, i) => {
        if (c.local === 'sectPr' && i !== kids.length - 1) problems.push(`${at(part, c)}: the body's sectPr must come last`);
      });
      break;
    case 'hdr': case 'ftr':
      if (!kids.some((c) => c.local === 'p' || c.local === 'tbl')) problems.push(`${at(part, el)}: ${el.name} needs at least one paragraph`);
      break;
    case 'tbl': checkGrid(part, el, problems); break;
  }
}

/**
 * Each row must span exactly the grid's columns, counting merged cells by their gridSpan, and a
 * cell that continues a vertical merge must sit under a cell of the same columns that starts or
 * continues one: otherwise Word shows shifted or broken tables.
 */
function checkGrid(part: string, tbl: XmlElement, problems: string[]): void {
  const grid = tbl.children.find((c) => isW(c, 'tblGrid'));
  if (!grid) { problems.push(`${at(part, tbl)}: a table needs its tblGrid`); return; }
  if (!tbl.children.some((c) => isW(c, 'tblPr'))) problems.push(`${at(part, tbl)}: a table needs its tblPr`);
  const cols = grid.children.filter((c) => isW(c, 'gridCol')).length;
  let above: (string | null)[] = new Array<string | null>(cols).fill(null);
  tbl.children.filter((c) => isW(c, 'tr')).forEach((tr) => {
    const cells = tr.children.filter((c) => isW(c, 'tc'));
    if (cells.length === 0) problems.push(`${at(part, tr)}: a table row needs at least one cell`);
    const here: (string | null)[] = new Array<string | null>(cols).fill(null);
    let col = 0;
    for (const tc of cells) {
      const pr = tc.children.find((c) => isW(c, 'tcPr'));
      const spanEl = pr?.children.find((c) => isW(c, 'gridSpan'));
      const width = spanEl ? Number(wAttr(spanEl, 'val')) : 1;
      const vMerge = pr?.children.find((c) => isW(c, 'vMerge'));
      const merge = vMerge ? (wAttr(vMerge, 'val') ?? 'continue') : null;
      if (merge === 'continue' && !(above[col] === 'restart' || above[col] === 'continue')) {
        problems.push(`${at(part, tc)}: a cell continues a vertical merge that no cell above starts`);
      }
      for (let c = col; c < col + width && c < cols; c++) here[c] = merge;
      col += width;
    }
    if (col !== cols) problems.push(`${at(part, tr)}: the row spans ${col} grid columns, the table grid has ${cols}`);
    above = here;
  });
}

interface Rel { id: string; type: string; target: string; external: boolean }

/** Where a relationship's target is inside the package, from the part that holds the relationship. */
function resolveTarget(source: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  return posix.normalize(posix.join(posix.dirname(source), target)).replace(/^\.\//, '');
}

/** The part a .rels file speaks for: word/_rels/document.xml.rels → word/document.xml; _rels/.rels → the package. */
function sourceOf(relsPath: string): string {
  const dir = posix.dirname(posix.dirname(relsPath));
  const name = posix.basename(relsPath).replace(/\.rels$/, '');
  return dir === '.' ? name : `${dir}/${name}`; // '' for the package itself
}

/** Every problem found, one line each; an empty list means the package passed every check. */
export function checkDocx(docx: Buffer): string[] {
  const problems: string[] = [];
  let files: Map<string, Buffer>;
  try {
    files = readZip(docx);
  } catch (err) {
    return [`not a readable zip: ${(err as Error).message}`];
  }
  const names = [...files.keys()].filter((n) => !n.endsWith('/'));
  const lower = new Set(names.map((n) => n.toLowerCase()));

  // Every XML part parses.
  const trees = new Map<string, XmlElement>();
  for (const name of names) {
    if (!/\.(xml|rels)$/i.test(name)) continue;
    try {
      trees.set(name, parseXml(files.get(name)!.toString('utf8')));
    } catch (err) {
      problems.push(`${name}: not well-formed XML: ${err instanceof XmlError ? err.message : String(err)}`);
    }
  }

  // Every part has a content type, and every declared part exists.
  const types = trees.get('[Content_Types].xml');
  if (!types) {
    problems.push('[Content_Types].xml is missing');
  } else {
    const defaults = new Map<string, string>();
    const overrides = new Map<string, string>();
    for (const el of types.children) {
      if (el.ns !== CONTENT_TYPES) continue;
      if (el.local === 'Default') defaults.set((el.attrs.get('Extension') ?? '').toLowerCase(), el.attrs.get('ContentType') ?? '');
      if (el.local === 'Override') overrides.set((el.attrs.get('PartName') ?? '').replace(/^\//, '').toLowerCase(), el.attrs.get('ContentType') ?? '');
    }
    for (const name of names) {
      if (name === '[Content_Types].xml') continue;
      const ext = name.slice(name.lastIndexOf('.') + 1).toLowerCase();
      if (!overrides.has(name.toLowerCase()) && !defaults.has(ext)) problems.push(`${name}: no content type (no Override and no Default for .${ext})`);
    }
    for (const part of overrides.keys()) if (!lower.has(part)) problems.push(`[Content_Types].xml names /${part}, which is not in the package`);
    if (overrides.get('word/document.xml') !== MAIN_TYPE) problems.push(`word/document.xml is not declared as ${MAIN_TYPE}`);
  }

  // Every relationship points at a part that exists.
  const rels = new Map<string, Map<string, Rel>>();
  for (const [name, tree] of trees) {
    if (!name.endsWith('.rels')) continue;
    const source = sourceOf(name);
    if (source !== '' && !files.has(source)) problems.push(`${name}: speaks for ${source}, which is not in the package`);
    const byId = new Map<string, Rel>();
    for (const el of tree.children) {
      if (el.ns !== PKG_RELS || el.local !== 'Relationship') continue;
      const id = el.attrs.get('Id') ?? '';
      const rel: Rel = { id, type: el.attrs.get('Type') ?? '', target: el.attrs.get('Target') ?? '', external: el.attrs.get('TargetMode') === 'External' };
      if (!id || !rel.type || !rel.target) problems.push(`${name} line ${el.line}: a relationship needs Id, Type and Target`);
      if (byId.has(id)) problems.push(`${name}: relationship ${id} defined twice`);
      byId.set(id, rel);
      if (!rel.external && !files.has(resolveTarget(source, rel.target))) {
        problems.push(`${name}: ${id} points at ${rel.target}, which is not in the package`);
      }
    }
    rels.set(source, byId);
  }
  const main = [...(rels.get('')?.values() ?? [])].find((r) => r.type === OFFICE_DOCUMENT);
  if (!main) problems.push('_rels/.rels names no main document');

  // Every r:id / r:embed / r:link in a part is one of that part's relationships.
  for (const [name, tree] of trees) {
    if (name.endsWith('.rels') || name === '[Content_Types].xml') continue;
    const own = rels.get(name) ?? new Map<string, Rel>();
    for (const el of walk(tree)) {
      for (const [key, value] of el.nsAttrs) {
        if (key.startsWith(`${R}|`) && !own.has(value)) problems.push(`${at(name, el)}: ${el.name} refers to relationship ${value}, which ${name} does not have`);
      }
    }
  }

  problems.push(...checkWordprocessing(trees));
  return problems;
}

/** The schema rules above on the document, its headers and footers, styles and numbering. */
function checkWordprocessing(trees: Map<string, XmlElement>): string[] {
  const problems: string[] = [];
  const styles = trees.get('word/styles.xml');
  const styleIds = new Set(styles ? [...walk(styles)].filter((e) => isW(e, 'style')).map((e) => wAttr(e, 'styleId')) : []);
  const numbering = trees.get('word/numbering.xml');
  const numIds = new Set(numbering ? numbering.children.filter((e) => isW(e, 'num')).map((e) => wAttr(e, 'numId')) : []);
  const drawingIds = new Map<string, string>();
  for (const [part, root] of trees) {
    if (!part.startsWith('word/') || !part.endsWith('.xml') || root.ns !== W) continue;
    const skip = ignorable(root);
    const bookmarks = new Map<string, string>();
    const ends = new Set<string>();
    const names = new Set<string>();
    const anchors: XmlElement[] = [];
    for (const el of walk(root)) {
      if (el.ns === WP && el.local === 'docPr') {
        // Word repairs a file in which two pictures share an id.
        const id = el.attrs.get('id') ?? '';
        if (drawingIds.has(id)) problems.push(`${at(part, el)}: picture id ${id} is also used in ${drawingIds.get(id)}`);
        drawingIds.set(id, part);
      }
      if (!isW(el)) continue;
      const order = SEQUENCES[el.local];
      if (order) checkOrder(part, el, order, skip, problems);
      checkStructure(part, el, problems);
      switch (el.local) {
        case 'pStyle': case 'rStyle': case 'tblStyle':
          if (styles && !styleIds.has(wAttr(el, 'val'))) problems.push(`${at(part, el)}: style ${wAttr(el, 'val')} is not defined`);
          break;
        case 'numId':
          if (el.children.length === 0 && wAttr(el, 'val') !== '0' && !numIds.has(wAttr(el, 'val'))) problems.push(`${at(part, el)}: numbering ${wAttr(el, 'val')} is not defined`);
          break;
        case 'bookmarkStart': {
          const id = wAttr(el, 'id') ?? '';
          const name = wAttr(el, 'name') ?? '';
          if (bookmarks.has(id)) problems.push(`${at(part, el)}: bookmark id ${id} used twice`);
          if (names.has(name)) problems.push(`${at(part, el)}: bookmark name ${name} used twice`);
          if (!/^[A-Za-z_][A-Za-z0-9_]{0,39}$/.test(name)) problems.push(`${at(part, el)}: bookmark name "${name}" is not one Word accepts`);
          bookmarks.set(id, name);
          names.add(name);
          break;
        }
        case 'bookmarkEnd': ends.add(wAttr(el, 'id') ?? ''); break;
        case 'hyperlink': if (wAttr(el, 'anchor') !== undefined) anchors.push(el); break;
      }
    }
    for (const [id, name] of bookmarks) if (!ends.has(id)) problems.push(`${part}: bookmark ${name} is never closed`);
    for (const a of anchors) if (!names.has(wAttr(a, 'anchor')!)) problems.push(`${at(part, a)}: link to bookmark ${wAttr(a, 'anchor')}, which does not exist`);
  }
  return problems;
}
