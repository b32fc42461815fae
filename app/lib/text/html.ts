/**
 * HTML entity decoding and tag stripping for imported values.
 *
 * UPR Info exports sometimes carry HTML-escaped values ("Antigua &amp; Barbuda",
 * "C&ocirc;te d&#39;Ivoire"), and UHRI texts hold HTML markup. Decoding is done once (so
 * "&amp;eacute;" becomes "&eacute;", as a browser would show it). Unknown named entities are left
 * as they are.
 */
import { indexFinder, replaceTags, wordEnd } from "./scan";

// HTML 4 Latin-1 entities, code points 160..255 in order.
const LATIN1_NAMES =
  "nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn " +
  "sup2 sup3 acute micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave " +
  "Aacute Acirc Atilde Auml Aring AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml " +
  "ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute THORN " +
  "szlig agrave aacute acirc atilde auml aring aelig ccedil egrave eacute ecirc euml igrave iacute " +
  "icirc iuml eth ntilde ograve oacute ocirc otilde ouml divide oslash ugrave uacute ucirc uuml " +
  "yacute thorn yuml";

const NAMED_ENTITIES: ReadonlyMap<string, string> = (() => {
  const map = new Map<string, string>([
    ["amp", "&"],
    ["lt", "<"],
    ["gt", ">"],
    ["quot", '"'],
    ["apos", "'"],
    ["OElig", "\u0152"],
    ["oelig", "\u0153"],
    ["Scaron", "\u0160"],
    ["scaron", "\u0161"],
    ["Yuml", "\u0178"],
    ["Zcaron", "\u017D"],
    ["zcaron", "\u017E"],
    ["fnof", "\u0192"],
    ["circ", "\u02C6"],
    ["tilde", "\u02DC"],
    ["ensp", "\u2002"],
    ["emsp", "\u2003"],
    ["thinsp", "\u2009"],
    ["zwnj", "\u200C"],
    ["zwj", "\u200D"],
    ["lrm", "\u200E"],
    ["rlm", "\u200F"],
    ["ndash", "\u2013"],
    ["mdash", "\u2014"],
    ["lsquo", "\u2018"],
    ["rsquo", "\u2019"],
    ["sbquo", "\u201A"],
    ["ldquo", "\u201C"],
    ["rdquo", "\u201D"],
    ["bdquo", "\u201E"],
    ["dagger", "\u2020"],
    ["Dagger", "\u2021"],
    ["bull", "\u2022"],
    ["hellip", "\u2026"],
    ["permil", "\u2030"],
    ["prime", "\u2032"],
    ["lsaquo", "\u2039"],
    ["rsaquo", "\u203A"],
    ["euro", "\u20AC"],
    ["trade", "\u2122"],
  ]);
  LATIN1_NAMES.split(" ").forEach((name, i) => map.set(name, String.fromCharCode(160 + i)));
  return map;
})();

const ENTITY_RE = /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([A-Za-z][A-Za-z0-9]{1,31}));/g;

function codePointToString(cp: number, original: string): string {
  // Keep the text as written for code points that are not characters (NUL, surrogates, > U+10FFFF).
  if (cp === 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return original;
  return String.fromCodePoint(cp);
}

/** Decode named (HTML 4 set) and numeric character references, once. */
export function decodeHtmlEntities(value: string): string {
  if (value.indexOf("&") === -1) return value; // fast path: most cells have no entity
  return value.replace(ENTITY_RE, (match, dec?: string, hex?: string, name?: string) => {
    if (dec !== undefined) return codePointToString(Number.parseInt(dec, 10), match);
    if (hex !== undefined) return codePointToString(Number.parseInt(hex, 16), match);
    return NAMED_ENTITIES.get(name as string) ?? match;
  });
}

/** Block-level tags: each becomes a space, so that the words on either side stay apart. */
const BLOCK_TAGS = new Set("br p div li ul ol tr td th table h1 h2 h3 h4 h5 h6".split(" "));
const LETTER_RE = /[A-Za-z]/;
const WHITESPACE_RUN_RE = /\s+/g;

/** Each block-level tag (`<p>`, `</div>`, `<br/>`, any case) replaced by a space. */
function blockTagsToSpaces(html: string): string {
  const nextGt = indexFinder(html, ">");
  return replaceTags(html, " ", (at) => {
    const nameStart = html[at + 1] === "/" ? at + 2 : at + 1;
    const nameEnd = wordEnd(html, nameStart);
    if (!BLOCK_TAGS.has(html.slice(nameStart, nameEnd).toLowerCase())) return -1;
    const gt = nextGt(nameEnd);
    return gt === -1 ? -1 : gt + 1;
  });
}

/** Every tag (`<a href="...">`, `</b>`) and comment (`<!-- ... -->`) removed. */
function withoutTags(html: string): string {
  const nextGt = indexFinder(html, ">");
  const nextCommentEnd = indexFinder(html, "-->");
  return replaceTags(html, "", (at) => {
    if (html.startsWith("<!--", at)) {
      const end = nextCommentEnd(at + 4);
      return end === -1 ? -1 : end + 3;
    }
    const letter = html[at + 1] === "/" ? at + 2 : at + 1;
    if (!LETTER_RE.test(html[letter] ?? "")) return -1;
    const gt = nextGt(letter + 1);
    return gt === -1 ? -1 : gt + 1;
  });
}

/**
 * Turn an HTML fragment into plain text: tags removed (block-level ones become a space), entities
 * decoded, whitespace runs collapsed to one space (as HTML renders them), trimmed. Tags are found by a
 * scan (scan.ts), not a regular expression: a text of unclosed tags ("<p <p <p ...") must not hold
 * the import for seconds.
 */
export function htmlToText(html: string): string {
  const text = html.indexOf("<") === -1 ? html : withoutTags(blockTagsToSpaces(html));
  return decodeHtmlEntities(text).replace(WHITESPACE_RUN_RE, " ").trim();
}
