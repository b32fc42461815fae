// Writes tests/fixtures/import/ohchr-matrix-cycle2-layout-kenya-excerpt.docx: a matrix in the layout of
// OHCHR's cycle-2 matrices (one table: Recommendation | Position | Full list of themes |
// Assessment/comments on level of implementation; "Theme:" rows spanning it; the themes cell holds
// coded themes, one a line: "A12 Acceptance of international norms"). We hold no cycle-2 matrix, so
// the rows are Kenya's first review: texts, paragraphs, recommending states and responses verbatim from
// seed-data/kenya-cycle1-recommendations.csv (Working Group report A/HRC/15/8); the page header says so
// ("UPR of Kenya (1st Cycle – 8th Session)"). The coded themes given to each row are test annotations in
// OHCHR's cycle-2 form, not OHCHR's own tagging of these recommendations.
// Run: npx tsx tests/helpers/make-matrix-cycle2-excerpt.ts (same bytes on every run).
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { strToU8, zipSync } from "fflate";
import Papa from "papaparse";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const SEED = path.join(ROOT, "seed-data/kenya-cycle1-recommendations.csv");
export const CYCLE2_EXCERPT = "ohchr-matrix-cycle2-layout-kenya-excerpt.docx";
const TARGET = path.join(ROOT, "tests/fixtures/import", CYCLE2_EXCERPT);

/** The "Theme:" rows and, under each, the paragraphs of A/HRC/15/8 with the coded themes they are given. */
export const CYCLE2_ROWS: Array<{ theme: string; rows: Array<{ paragraph: string; themes: string[] }> }> = [
  {
    theme: "A12 Acceptance of international norms",
    rows: [
      { paragraph: "101.1", themes: ["A12 Acceptance of international norms", "G4 Migrants"] },
      { paragraph: "102.4", themes: ["A12 Acceptance of international norms", "D32 Enforced disappearances"] },
    ],
  },
  {
    theme: "D27 Prohibition of slavery, trafficking",
    rows: [
      {
        paragraph: "101.59",
        themes: ["D27 Prohibition of slavery, trafficking", "F33 Children: protection against exploitation"],
      },
      { paragraph: "101.47", themes: ["D27 Prohibition of slavery, trafficking", "F13 Violence against women"] },
    ],
  },
  {
    theme: "F31 Children: definition; general principles; protection",
    rows: [{ paragraph: "101.19", themes: ["F31 Children: definition; general principles; protection"] }],
  },
];

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
const R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const para = (text: string) => `<w:p><w:r><w:t xml:space="preserve">${esc(text)}</w:t></w:r></w:p>`;
const cell = (lines: string[], span = 1) =>
  `<w:tc><w:tcPr>${span > 1 ? `<w:gridSpan w:val="${span}"/>` : ""}</w:tcPr>${(lines.length ? lines : [""]).map(para).join("")}</w:tc>`;
const row = (cells: string[]) => `<w:tr>${cells.join("")}</w:tr>`;

type SeedRow = { paragraph: string; recommendation: string; response: string };

/** The excerpt's bytes, built from the seed data. */
export function cycle2MatrixDocx(): Uint8Array {
  const seed = Papa.parse<SeedRow>(readFileSync(SEED, "utf8"), { header: true, skipEmptyLines: true }).data;
  const byParagraph = new Map(seed.map((r) => [r.paragraph, r]));
  const rows = [
    row([
      cell(["Recommendation"]),
      cell(["Position"]),
      cell(["Full list of themes"]),
      cell(["Assessment/comments on level of implementation"]),
    ]),
  ];
  for (const group of CYCLE2_ROWS) {
    rows.push(row([cell([`Theme: ${group.theme}`], 4)]));
    for (const r of group.rows) {
      const s = byParagraph.get(r.paragraph);
      if (!s) throw new Error(`No paragraph ${r.paragraph} in the seed data.`);
      const section = r.paragraph.split(".")[0];
      rows.push(
        row([
          cell([`${s.paragraph} ${s.recommendation}`, `Source of position: A/HRC/15/8 - Para. ${section}`]),
          cell([s.response === "supported" ? "Supported" : "Noted"]),
          cell(r.themes),
          cell([]),
        ]),
      );
    }
  }
  const grid = `<w:tblGrid>${[4000, 1200, 2800, 2000].map((w) => `<w:gridCol w:w="${w}"/>`).join("")}</w:tblGrid>`;
  const body =
    `<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr>${grid}${rows.join("")}</w:tbl>` +
    `<w:sectPr><w:headerReference w:type="default" r:id="rId1"/></w:sectPr>`;
  const files = {
    "[Content_Types].xml": strToU8(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>' +
        '<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/></Types>',
    ),
    "_rels/.rels": strToU8(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    ),
    "word/_rels/document.xml.rels": strToU8(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/></Relationships>',
    ),
    "word/document.xml": strToU8(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ${W} ${R}><w:body>${body}</w:body></w:document>`,
    ),
    "word/header1.xml": strToU8(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:hdr ${W}>${para("UPR of Kenya (1st Cycle \u2013 8th Session)\tThematic list of recommendations")}</w:hdr>`,
    ),
  };
  // A fixed date, so that running the script again writes the same bytes.
  return zipSync(files, { level: 9, mtime: new Date("2020-01-01T00:00:00Z") });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  writeFileSync(TARGET, cycle2MatrixDocx());
  console.log(`${path.relative(ROOT, TARGET)}: ${CYCLE2_ROWS.flatMap((g) => g.rows).length} recommendations`);
}
