// A small, strict XML parser for checking the parts of the files we generate: it refuses what an
// XML processor must refuse (unclosed or crossed tags, repeated attributes, bad references, text
// outside the root, undeclared namespace prefixes) and gives back a tree with namespaces resolved.
// No DTDs: Office files may not carry one, so a DOCTYPE is an error too.

export interface XmlElement {
  /** The name as written, e.g. "w:p". */
  name: string;
  local: string;
  /** Namespace URI, '' when none. */
  ns: string;
  /** Attributes by name as written; values with references resolved. */
  attrs: Map<string, string>;
  /** Attributes by namespace URI and local name ("uri|local"), for prefix-independent lookups. */
  nsAttrs: Map<string, string>;
  children: XmlElement[];
  /** Text directly inside the element, references resolved. */
  text: string;
  line: number;
}

export class XmlError extends Error {}

const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const NAME = /^[A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?$/;
const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Resolves character and entity references, refusing a bare "&" or an unknown entity. */
function unescape(raw: string, where: () => string): string {
  return raw.replace(/&([^;&\s]*);?/g, (all, ref: string) => {
    if (!all.endsWith(';')) throw new XmlError(`${where()}: "&" that starts no reference`);
    if (ref in PREDEFINED) return PREDEFINED[ref]!;
    const num = /^#x([0-9a-fA-F]+)$/.exec(ref)?.[1] ?? /^#([0-9]+)$/.exec(ref)?.[1];
    if (num !== undefined) {
      const code = parseInt(num, ref.startsWith('#x') ? 16 : 10);
      if (code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) && code !== 0xfffe && code !== 0xffff)) {
        return String.fromCodePoint(code);
      }
      throw new XmlError(`${where()}: reference to a character XML does not allow (${ref})`);
    }
    throw new XmlError(`${where()}: unknown entity &${ref};`);
  });
}

// Characters XML 1.0 refuses anywhere (C0 controls other than tab, newline and carriage return).
const ILLEGAL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;

interface Open { el: XmlElement; scope: Map<string, string> }

/** Parses a whole document and returns its root element, or throws XmlError saying where it breaks. */
export function parseXml(source: string): XmlElement {
  const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  const bad = ILLEGAL.exec(text);
  if (bad) throw new XmlError(`character U+${bad[0].charCodeAt(0).toString(16).padStart(4, '0')} is not allowed in XML`);
  let pos = 0;
  // Line numbers for messages: found by binary search over where the lines start.
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  const lineAt = (at: number) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= at) lo = mid; else hi = mid - 1;
    }
    return lo + 1;
  };
  const where = () => `line ${lineAt(pos)}`;
  const stack: Open[] = [];
  let root: XmlElement | null = null;
  const rootScope = new Map([['xml', XML_NS]]);

  if (text.startsWith('<?xml')) {
    const end = text.indexOf('?>');
    if (end < 0) throw new XmlError('unclosed XML declaration');
    pos = end + 2;
  }
  while (pos < text.length) {
    const lt = text.indexOf('<', pos);
    const chunk = text.slice(pos, lt < 0 ? text.length : lt);
    if (chunk) {
      if (chunk.includes(']]>')) throw new XmlError(`${where()}: "]]>" in text`);
      if (stack.length === 0) {
        if (chunk.trim()) throw new XmlError(`${where()}: text outside the root element`);
      } else {
        stack[stack.length - 1]!.el.text += unescape(chunk, where);
      }
    }
    if (lt < 0) break;
    pos = lt;
    if (text.startsWith('<!--', pos)) {
      const end = text.indexOf('-->', pos + 4);
      if (end < 0) throw new XmlError(`${where()}: unclosed comment`);
      pos = end + 3;
    } else if (text.startsWith('<![CDATA[', pos)) {
      if (stack.length === 0) throw new XmlError(`${where()}: CDATA outside the root element`);
      const end = text.indexOf(']]>', pos);
      if (end < 0) throw new XmlError(`${where()}: unclosed CDATA section`);
      stack[stack.length - 1]!.el.text += text.slice(pos + 9, end);
      pos = end + 3;
    } else if (text.startsWith('<!', pos)) {
      throw new XmlError(`${where()}: document type declarations are not allowed`);
    } else if (text.startsWith('<?', pos)) {
      const end = text.indexOf('?>', pos);
      if (end < 0) throw new XmlError(`${where()}: unclosed processing instruction`);
      pos = end + 2;
    } else if (text.startsWith('</', pos)) {
      const end = text.indexOf('>', pos);
      if (end < 0) throw new XmlError(`${where()}: unclosed end tag`);
      const name = text.slice(pos + 2, end).trim();
      const open = stack.pop();
      if (!open || open.el.name !== name) throw new XmlError(`${where()}: </${name}> closes ${open ? `<${open.el.name}>` : 'nothing'}`);
      pos = end + 1;
    } else {
      pos = startTag(pos);
    }
  }
  if (stack.length) throw new XmlError(`<${stack[stack.length - 1]!.el.name}> is never closed`);
  if (!root) throw new XmlError('no root element');
  return root;

  function startTag(at: number): number {
    const line = lineAt(at);
    let i = at + 1;
    const nameMatch = /^[^\s/>]+/.exec(text.slice(i, i + 200));
    if (!nameMatch || !NAME.test(nameMatch[0])) throw new XmlError(`line ${line}: bad element name`);
    const name = nameMatch[0];
    i += name.length;
    const raw: [string, string][] = [];
    for (;;) {
      const ws = /^\s*/.exec(text.slice(i, i + 100))![0];
      i += ws.length;
      if (text.startsWith('/>', i) || text[i] === '>') break;
      if (!ws) throw new XmlError(`line ${line}: attributes of <${name}> must be separated by spaces`);
      const attr = /^([^\s=/>]+)\s*=\s*(["'])/.exec(text.slice(i, i + 300));
      if (!attr || !NAME.test(attr[1]!)) throw new XmlError(`line ${line}: bad attribute in <${name}>`);
      const valueStart = i + attr[0].length;
      const close = text.indexOf(attr[2]!, valueStart);
      if (close < 0) throw new XmlError(`line ${line}: unclosed attribute value in <${name}>`);
      const value = text.slice(valueStart, close);
      if (value.includes('<')) throw new XmlError(`line ${line}: "<" in an attribute value of <${name}>`);
      if (raw.some(([n]) => n === attr[1])) throw new XmlError(`line ${line}: attribute ${attr[1]} repeated in <${name}>`);
      raw.push([attr[1]!, unescape(value, () => `line ${line}`)]);
      i = close + 1;
    }
    const selfClosing = text.startsWith('/>', i);
    const parentScope = stack.length ? stack[stack.length - 1]!.scope : rootScope;
    // Most elements declare no namespace and share their parent's scope.
    const declares = raw.filter(([n]) => n === 'xmlns' || n.startsWith('xmlns:'));
    const scope = declares.length ? new Map(parentScope) : parentScope;
    for (const [n, v] of declares) scope.set(n === 'xmlns' ? '' : n.slice(6), v);
    const resolve = (qname: string, isAttr: boolean): { ns: string; local: string } => {
      const colon = qname.indexOf(':');
      if (colon < 0) return { ns: isAttr ? '' : scope.get('') ?? '', local: qname };
      const prefix = qname.slice(0, colon);
      const ns = scope.get(prefix);
      if (ns === undefined) throw new XmlError(`line ${line}: namespace prefix "${prefix}" is not declared (${qname})`);
      return { ns, local: qname.slice(colon + 1) };
    };
    const { ns, local } = resolve(name, false);
    const nsAttrs = new Map<string, string>();
    for (const [n, v] of raw) {
      if (n === 'xmlns' || n.startsWith('xmlns:')) continue;
      const r = resolve(n, true);
      const key = `${r.ns}|${r.local}`;
      if (nsAttrs.has(key)) throw new XmlError(`line ${line}: attribute {${r.ns}}${r.local} repeated in <${name}>`);
      nsAttrs.set(key, v);
    }
    const el: XmlElement = { name, local, ns, attrs: new Map(raw), nsAttrs, children: [], text: '', line };
    if (stack.length) stack[stack.length - 1]!.el.children.push(el);
    else if (root) throw new XmlError(`line ${line}: a second root element <${name}>`);
    else root = el;
    if (!selfClosing) stack.push({ el, scope });
    return i + (selfClosing ? 2 : 1);
  }
}

/** Every element of the tree, depth first, the root included. */
export function* walk(el: XmlElement): Generator<XmlElement> {
  yield el;
  for (const c of el.children) yield* walk(c);
}
