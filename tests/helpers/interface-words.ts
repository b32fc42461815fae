// Which English interface words a page in another language still shows. The interface's English words are
// those of app/locales/en.json that the page's own catalogue never uses (so "Total" in French, or a name
// such as "UPR Monitor", is not counted). What is data and not interface is left out, as the page marks
// it: an element in another language (`lang`, such as a recommendation's UN text), text whose direction
// follows its content (`dir="auto"`: what people typed, such as an issue's title), `translate="no"`, code,
// scripts and styles, and the drawings of charts (their words are in the tables beside them). Titles, labels
// and placeholders are read too: a screen reader says them.
import { parse } from "parse5";
import en from "../../app/locales/en.json";
import ar from "../../app/locales/ar.json";
import es from "../../app/locales/es.json";
import fr from "../../app/locales/fr.json";
import sw from "../../app/locales/sw.json";

const CATALOGUES: Record<string, unknown> = { en, fr, es, sw, ar };

type Node = {
  nodeName: string;
  value?: string;
  attrs?: { name: string; value: string }[];
  childNodes?: Node[];
  content?: Node;
};

function values(tree: unknown, out: string[] = []): string[] {
  if (typeof tree === "string") out.push(tree);
  else if (tree && typeof tree === "object") for (const v of Object.values(tree)) values(v, out);
  return out;
}

/** Lower-case words of three letters or more: placeholders ({{x}}) and tags (<0>) left out. */
function words(text: string): string[] {
  return (
    text
      .replace(/\{\{[^}]*\}\}/g, " ")
      .replace(/<\/?\d+>/g, " ")
      .toLowerCase()
      .match(/\p{L}[\p{L}'’-]*\p{L}/gu) ?? []
  ).filter((w) => w.length >= 3);
}

const englishOnly = new Map<string, Set<string>>();

/** English words of the interface that the language's catalogue does not use. */
export function englishOnlyWords(lng: string): Set<string> {
  let set = englishOnly.get(lng);
  if (!set) {
    const theirs = new Set(values(CATALOGUES[lng]).flatMap(words));
    set = new Set(
      values(en)
        .flatMap(words)
        .filter((w) => !theirs.has(w)),
    );
    englishOnly.set(lng, set);
  }
  return set;
}

// A chart's drawing (svg) is skipped: its words are those of the table beside it, which is read.
const SKIPPED = new Set(["script", "style", "code", "kbd", "pre", "template", "noscript", "svg"]);
const READ_ATTRIBUTES = ["title", "aria-label", "placeholder", "alt", "aria-description"];

/** The text of a node and all below it. */
function textOf(node: Node): string {
  if (node.nodeName === "#text") return node.value ?? "";
  return (node.childNodes ?? []).map(textOf).join("");
}

/**
 * The interface text of a page, with what the page marks as data left out (see above). The page's <title>, its
 * description and the attributes read (an aria-label) may hold data too (a submission's title, an issue's) and
 * cannot mark it: the texts of the page's data elements are taken out of them.
 */
export function interfaceText(html: string): string {
  const doc = parse(html) as unknown as Node;
  const htmlEl = doc.childNodes?.find((n) => n.nodeName === "html");
  const pageLang = htmlEl?.attrs?.find((a) => a.name === "lang")?.value ?? "";
  const parts: string[] = [];
  const data: string[] = [];
  const titles: string[] = [];
  const walk = (node: Node) => {
    if (node.nodeName === "#text") {
      parts.push(node.value ?? "");
      return;
    }
    if (node.nodeName === "title") {
      titles.push(textOf(node));
      return;
    }
    if (SKIPPED.has(node.nodeName)) return;
    const attrs = new Map((node.attrs ?? []).map((a) => [a.name, a.value]));
    if (node.nodeName !== "html") {
      const lang = attrs.get("lang");
      if ((lang !== undefined && lang !== pageLang) || attrs.get("dir") === "auto" || attrs.get("translate") === "no") {
        const text = textOf(node).trim();
        if (text) data.push(text);
        return;
      }
    }
    if (node.nodeName === "meta" && attrs.get("name") === "description") titles.push(attrs.get("content") ?? "");
    for (const name of READ_ATTRIBUTES) if (attrs.has(name)) titles.push(attrs.get(name)!);
    if (node.nodeName === "input" && ["submit", "button"].includes(attrs.get("type") ?? "")) {
      parts.push(attrs.get("value") ?? "");
    }
    for (const child of node.childNodes ?? []) walk(child);
    if (node.content) walk(node.content);
  };
  if (htmlEl) walk(htmlEl);
  for (let title of titles) {
    for (const d of data) title = title.split(d).join(" ");
    parts.push(title);
  }
  return parts.join(" ");
}

/** The English interface words a page in `lng` shows, each once, in order. E-mail addresses are data wherever they are. */
export function englishLeft(html: string, lng: string): string[] {
  const english = englishOnlyWords(lng);
  const text = interfaceText(html).replace(/[^\s<>()"]+@[^\s<>()"]+/g, " ");
  return [...new Set(words(text).filter((w) => english.has(w)))];
}
