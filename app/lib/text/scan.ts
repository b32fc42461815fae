/**
 * Scanning untrusted markup by hand, in time linear in its length. A regular expression such as
 * /<p\b[^>]*>/g or /<!--[\s\S]*?-->/g reads on to the end of the text from every "<" when no ">" (or
 * "-->") follows, and so takes time that grows with the square of the text: a few hundred kilobytes
 * of "<p <p <p" held a server for seconds. These helpers do what such a global replace does, but
 * remember where the next ">" is, so that no character is read more than a few times.
 */

/**
 * `text.indexOf(needle, from)`, remembering its last answer: asked again from a position up to that
 * answer (as a scan asks, "<" after "<" before the same ">"), it answers without reading the text again.
 */
export function indexFinder(text: string, needle: string): (from: number) => number {
  let askedFrom = Number.POSITIVE_INFINITY;
  let found = -1;
  return (from) => {
    if (!(from >= askedFrom && (found === -1 || from <= found))) {
      askedFrom = from;
      found = text.indexOf(needle, from);
    }
    return found;
  };
}

/** The end of the run of word characters (A-Z, a-z, 0-9, "_": a regular expression's \w) that starts at `from`. */
export function wordEnd(text: string, from: number): number {
  let end = from;
  while (end < text.length) {
    const c = text.charCodeAt(end);
    const word = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
    if (!word) break;
    end++;
  }
  return end;
}

/**
 * The text with matches that start at a "<" replaced, as a global `text.replace(/<.../g, replacement)`
 * does it: from left to right, `matchEnd(at)` says where a match starting at the "<" at `at` ends (-1:
 * none starts there); after a match the scan goes on at its end, else at the next "<".
 */
export function replaceTags(text: string, replacement: string, matchEnd: (at: number) => number): string {
  const out: string[] = [];
  let kept = 0;
  for (let at = text.indexOf("<"); at !== -1;) {
    const end = matchEnd(at);
    if (end === -1) {
      at = text.indexOf("<", at + 1);
      continue;
    }
    out.push(text.slice(kept, at), replacement);
    kept = end;
    at = text.indexOf("<", end);
  }
  out.push(text.slice(kept));
  return out.join("");
}
