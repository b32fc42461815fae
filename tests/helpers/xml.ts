// A small strict XML reader for tests (feeds): elements, attributes, text and the five predefined
// entities and character references. It throws on what is not well-formed XML: unbalanced or
// crossed tags, unquoted or repeated attributes, a bare "&" or "<", unknown entities, characters
// XML 1.0 forbids, more than one root. Not a full parser (no DTD, no CDATA, no namespaces resolved):
// enough to check that a feed we write is XML, and to read it back. The browser test parses the
// same feed with Chromium's DOMParser too.

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const NAME = /^[A-Za-z_][\w.:-]*/;
const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;

function decode(raw: string, where: number): string {
  if (FORBIDDEN.test(raw)) throw new Error(`a character XML forbids near ${where}`);
  if (/<|&(?!(#x[0-9a-fA-F]+|#\d+|[a-zA-Z]+);)/.test(raw)) throw new Error(`a bare < or & near ${where}`);
  return raw.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-zA-Z]+);/g, (_, e: string) => {
    if (e.startsWith("#x")) return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith("#")) return String.fromCodePoint(Number(e.slice(1)));
    if (!(e in ENTITIES)) throw new Error(`unknown entity &${e}; near ${where}`);
    return ENTITIES[e]!;
  });
}

export function parseXml(xml: string): XmlElement {
  let i = 0;
  const rest = () => xml.slice(i);
  if (xml.startsWith("<?xml")) {
    const end = xml.indexOf("?>");
    if (end < 0) throw new Error("an unclosed XML declaration");
    i = end + 2;
  }
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  while (i < xml.length) {
    const lt = xml.indexOf("<", i);
    const text = xml.slice(i, lt < 0 ? xml.length : lt);
    if (stack.length) stack.at(-1)!.text += decode(text, i);
    else if (text.trim()) throw new Error(`text outside the root element near ${i}`);
    if (lt < 0) break;
    i = lt;
    if (rest().startsWith("<!--")) {
      const end = xml.indexOf("-->", i);
      if (end < 0) throw new Error("an unclosed comment");
      i = end + 3;
      continue;
    }
    if (rest().startsWith("</")) {
      i += 2;
      const name = NAME.exec(rest())?.[0];
      if (!name) throw new Error(`a bad end tag near ${i}`);
      i += name.length;
      const gt = /^\s*>/.exec(rest());
      if (!gt) throw new Error(`a bad end tag near ${i}`);
      i += gt[0].length;
      const open = stack.pop();
      if (!open || open.name !== name) throw new Error(`</${name}> closes <${open?.name ?? "nothing"}>`);
      continue;
    }
    i += 1;
    const name = NAME.exec(rest())?.[0];
    if (!name) throw new Error(`a bad start tag near ${i}`);
    i += name.length;
    const element: XmlElement = { name, attrs: {}, children: [], text: "" };
    for (;;) {
      const space = /^\s*/.exec(rest())![0];
      i += space.length;
      if (rest().startsWith("/>") || rest().startsWith(">")) break;
      if (!space) throw new Error(`no space before an attribute near ${i}`);
      const attr = /^([A-Za-z_][\w.:-]*)\s*=\s*("([^"]*)"|'([^']*)')/.exec(rest());
      if (!attr) throw new Error(`a bad attribute near ${i}`);
      if (attr[1]! in element.attrs) throw new Error(`a repeated attribute ${attr[1]}`);
      element.attrs[attr[1]!] = decode(attr[3] ?? attr[4] ?? "", i);
      i += attr[0].length;
    }
    if (stack.length) stack.at(-1)!.children.push(element);
    else if (root) throw new Error("a second root element");
    else root = element;
    if (rest().startsWith("/>")) {
      i += 2;
    } else {
      i += 1;
      stack.push(element);
    }
  }
  if (stack.length) throw new Error(`<${stack.at(-1)!.name}> is not closed`);
  if (!root) throw new Error("no root element");
  return root;
}

/** The children named `name`. */
export function childrenNamed(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((c) => c.name === name);
}

/** The text of the one child named `name` (throws when there is none). */
export function childText(element: XmlElement, name: string): string {
  const child = element.children.find((c) => c.name === name);
  if (!child) throw new Error(`<${element.name}> has no <${name}>`);
  return child.text;
}
