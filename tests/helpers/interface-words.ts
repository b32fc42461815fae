// Which English interface words a page in another language still shows. The interface's English words are
// those of app/locales/en.json that the page's own catalogue never uses (so "Total" in French, or a name
// such as "UPR Monitor", is not counted). What is data and not interface is left out, as the page marks
// it: an element in another language (`lang`, such as a recommendation's UN text), text whose direction
// follows its content (`dir="auto"`: what people typed, such as an issue's title), `translate="no"`, code,
// scripts and styles. Titles, labels and placeholders are read too: a screen reader says them.
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

const SKIPPED = new Set(["script", "style", "code", "kbd", "pre", "template", "noscript"]);
const READ_ATTRIBUTES = ["title", "aria-label", "placeholder", "alt", "aria-description"];

/** The interface text of a page, with what the page marks as data left out (see above). */
export function interfaceText(html: string): string {
  const doc = parse(html) as unknown as Node;
  const htmlEl = doc.childNodes?.find((n) => n.nodeName === "html");
  const pageLang = htmlEl?.attrs?.find((a) => a.name === "lang")?.value ?? "";
  const parts: string[] = [];
  const walk = (node: Node) => {
    if (node.nodeName === "#text") {
      parts.push(node.value ?? "");
      return;
    }
    if (SKIPPED.has(node.nodeName)) return;
    const attrs = new Map((node.attrs ?? []).map((a) => [a.name, a.value]));
    if (node.nodeName !== "html") {
      const lang = attrs.get("lang");
      if (lang !== undefined && lang !== pageLang) return;
      if (attrs.get("dir") === "auto" || attrs.get("translate") === "no") return;
    }
    if (node.nodeName === "meta" && attrs.get("name") === "description") parts.push(attrs.get("content") ?? "");
    for (const name of READ_ATTRIBUTES) if (attrs.has(name)) parts.push(attrs.get(name)!);
    if (node.nodeName === "input" && ["submit", "button"].includes(attrs.get("type") ?? "")) {
      parts.push(attrs.get("value") ?? "");
    }
    for (const child of node.childNodes ?? []) walk(child);
    if (node.content) walk(node.content);
  };
  if (htmlEl) walk(htmlEl);
  return parts.join(" ");
}

/** The English interface words a page in `lng` shows, each once, in order. */
export function englishLeft(html: string, lng: string): string[] {
  const english = englishOnlyWords(lng);
  return [...new Set(words(interfaceText(html)).filter((w) => english.has(w)))];
}
