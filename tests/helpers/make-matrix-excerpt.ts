// Writes two excerpts of the real OHCHR matrix ../shared/samples/ohchr-matrix-slovenia-cycle3.docx:
// - tests/fixtures/import/ohchr-matrix-slovenia-excerpt.docx, its table cut to 19 rows (the header row,
//   four "Theme:" rows, 14 recommendations: 8 supported, 6 noted, several with more than one recommending
//   state, "(No. 29)" and "(No. 189)" in their texts, the first and the last);
// - tests/fixtures/import/ohchr-matrix-slovenia-trafficking-excerpt.docx, the header row and the theme
//   "Prohibition of slavery, trafficking" with its eight recommendations (121.17 to 121.24), for the
//   advocacy journey (tests/e2e/advocacy-journey.test.ts).
// Every other part of the file (page header, styles, properties) is kept byte for byte; the rows kept
// are copied unchanged. Run: npx tsx tests/helpers/make-matrix-excerpt.ts
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from "fflate";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const SOURCE = path.resolve(ROOT, "../shared/samples/ohchr-matrix-slovenia-cycle3.docx");

/** Table rows kept (0 = the header row), with the start of each row's text, checked. */
const EXCERPT: Array<[number, string]> = [
  [0, "Recommendation"],
  [1, "Theme: Acceptance of international norms"],
  [
    2,
    "121.1 Ratify the International Convention for the Protection of All Persons from Enforced Disappearance (France) (Lithuania);",
  ],
  [3, "121.2 Complete the process"],
  [4, "121.3 Ratify and implement"],
  [5, "122.1 Complete the process"],
  [6, "122.11 Recognize the competence"],
  [7, "Theme: Cooperation & Follow up with Treaty Bodies"],
  [8, "122.12 Adopt an open"],
  [115, "Theme: Prohibition of slavery, trafficking"],
  [122, "121.23 Strengthen measures"],
  [123, "121.24 Pursue policies"],
  [224, "Theme: Acceptance of international norms"],
  [225, "122.2 Ratify the International Convention"],
  [226, "122.3 Undertake measures to ratify"],
  [228, "122.5 Consider ratifying"],
  [230, "122.7 Ratify the 1961 Convention"],
  [233, "122.10 Consider the ratification"],
  [268, "122.157 Establish a procedure"],
];
const TRAFFICKING: Array<[number, string]> = [
  [0, "Recommendation"],
  [115, "Theme: Prohibition of slavery, trafficking"],
  [116, "121.17 Strengthen measures to prevent trafficking"],
  [117, "121.18 Continue efforts"],
  [118, "121.19 Continue its efforts"],
  [119, "121.20 Make additional efforts"],
  [120, "121.21 Continue efforts"],
  [121, "121.22 Step up efforts"],
  [122, "121.23 Strengthen measures"],
  [123, "121.24 Pursue policies"],
];

const text = (xml: string) => xml.replace(/<[^>]+>/g, "").replace(/&amp;/g, "&");

const parts = unzipSync(readFileSync(SOURCE));
const documentXml = strFromU8(parts["word/document.xml"]);
const tableStart = documentXml.indexOf("<w:tbl>");
const tableEnd = documentXml.indexOf("</w:tbl>");
if (tableStart === -1 || tableEnd === -1 || documentXml.indexOf("<w:tbl>", tableStart + 1) !== -1)
  throw new Error("Expected exactly one table.");
const table = documentXml.slice(tableStart, tableEnd);
const firstRow = table.search(/<w:tr[ >]/);
const rows = table.slice(firstRow).match(/<w:tr[ >][\s\S]*?<\/w:tr>/g) ?? [];
if (rows.length !== 269) throw new Error(`Expected 269 table rows, found ${rows.length}.`);

function writeExcerpt(name: string, keep: Array<[number, string]>): void {
  const target = path.join(ROOT, "tests/fixtures/import", name);
  const kept = keep.map(([index, start]) => {
    const row = rows[index];
    if (!text(row).startsWith(start))
      throw new Error(`Row ${index} does not start with ${JSON.stringify(start)}: ${text(row).slice(0, 80)}`);
    return row;
  });
  const excerpt =
    documentXml.slice(0, tableStart) + table.slice(0, firstRow) + kept.join("") + documentXml.slice(tableEnd);
  const files: Zippable = {};
  for (const [file, data] of Object.entries(parts))
    files[file] = file === "word/document.xml" ? strToU8(excerpt) : data;
  // A fixed date, so that running the script again writes the same bytes.
  writeFileSync(target, zipSync(files, { level: 9, mtime: new Date("2020-01-01T00:00:00Z") }));
  console.log(`${path.relative(ROOT, target)}: ${kept.length} rows of ${rows.length}`);
}

writeExcerpt("ohchr-matrix-slovenia-excerpt.docx", EXCERPT);
writeExcerpt("ohchr-matrix-slovenia-trafficking-excerpt.docx", TRAFFICKING);
