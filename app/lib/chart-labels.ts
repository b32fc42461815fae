// Chart labels that never overlap: long category names shortened to the room they have, and the
// milestone markers of the progress chart spread over as many rows as they need. Pure.

/** Average width of a character of the charts' sans-serif text, per pixel of font size (measured ~0.55). */
const CHAR_EM = 0.6;

export function textWidth(text: string, fontSize: number): number {
  return text.length * fontSize * CHAR_EM;
}

/** The text cut at a word to fit `maxWidth` pixels, with "…"; whole when it fits. */
export function shortenLabel(text: string, maxWidth: number, fontSize: number): string {
  if (textWidth(text, fontSize) <= maxWidth) return text;
  const maxChars = Math.max(1, Math.floor(maxWidth / (fontSize * CHAR_EM)) - 1);
  const cut = text.slice(0, maxChars);
  const space = cut.lastIndexOf(" ");
  return `${(space > maxChars / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.(-]+$/, "")}…`;
}

/** Up to `maxLines` lines of at most `maxWidth` pixels, broken at spaces; the last one shortened with "…". */
export function wrapLabel(text: string, maxWidth: number, fontSize: number, maxLines = 2): string[] {
  const lines: string[] = [];
  let rest = text.trim();
  while (rest && lines.length < maxLines - 1 && textWidth(rest, fontSize) > maxWidth) {
    const words = rest.split(" ");
    let line = words.shift()!;
    while (words.length && textWidth(`${line} ${words[0]}`, fontSize) <= maxWidth) line += ` ${words.shift()}`;
    if (textWidth(line, fontSize) > maxWidth) break; // one word too long for a line: shortened below
    lines.push(line);
    rest = words.join(" ");
  }
  if (rest) lines.push(shortenLabel(rest, maxWidth, fontSize));
  return lines;
}

export interface PlacedLabel {
  /** 0 is the row nearest the plot; each further row is one line higher. */
  row: number;
  anchor: "start" | "middle" | "end";
}

/**
 * Rows for labels placed at `fractions` (0 = left edge of the plot, 1 = right edge) of a plot at least
 * `plotWidth` pixels wide: a label goes on the lowest row where it overlaps no other, centred on its
 * position, or starting or ending there when it would run past an edge. A wider plot only spreads them.
 */
export function placeLabels(
  labels: { fraction: number; text: string }[],
  plotWidth: number,
  fontSize: number,
  gap = 6,
): PlacedLabel[] {
  const rows: [number, number][][] = [];
  return labels.map(({ fraction, text }) => {
    const x = fraction * plotWidth;
    const w = textWidth(text, fontSize);
    const anchor: PlacedLabel["anchor"] = x < w / 2 ? "start" : plotWidth - x < w / 2 ? "end" : "middle";
    const left = anchor === "start" ? x : anchor === "end" ? x - w : x - w / 2;
    const span: [number, number] = [left - gap / 2, left + w + gap / 2];
    let row = rows.findIndex((spans) => spans.every(([a, b]) => span[1] <= a || span[0] >= b));
    if (row === -1) row = rows.push([]) - 1;
    rows[row]!.push(span);
    return { row, anchor };
  });
}
