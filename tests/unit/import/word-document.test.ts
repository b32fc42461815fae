import { strToU8, unzipSync, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { docxDocument, DocxError, MAX_PART_BYTES, wordXmlBlocks } from "../../../app/lib/text/docx-text";
import { parseMatrixDocx } from "../../../app/import/readers/formats/ohchr-matrix";
import { NO_PARAGRAPH_NUMBERS_MESSAGE, parseReportDocx } from "../../../app/import/readers/formats/wg-report";
import { detectDocxKind, NEITHER_DOCX_MESSAGE, parseUprDocx } from "../../../app/import/readers/formats/word-document";
import { prng } from "../../../app/lib/prng";
import { buildDocx, p, W } from "../../helpers/docx";
import { fixture } from "./helpers";

const MATRIX = () => fixture("ohchr-matrix-slovenia-excerpt.docx");
const problemOf = (bytes: Uint8Array) => parseMatrixDocx(bytes).problems;

/** The first bytes of an OLE compound file, then `rest`. */
function compoundFile(rest: Uint8Array): Uint8Array {
  const out = new Uint8Array(512 + rest.length);
  out.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
  out.set(rest, 512);
  return out;
}
const utf16 = (s: string) => new Uint8Array([...s].flatMap((c) => [c.charCodeAt(0), 0]));

/** A zip whose central directory says word/document.xml unpacks to `size` bytes (it does not). */
function declaringSize(size: number): Uint8Array {
  const zip = buildDocx(p("x"));
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const name = strToU8("word/document.xml");
  for (let i = 0; i + 46 < zip.length; i++) {
    if (view.getUint32(i, true) !== 0x02014b50) continue; // central directory file header
    const length = view.getUint16(i + 28, true);
    if (length === name.length && name.every((b, j) => zip[i + 46 + j] === b)) view.setUint32(i + 24, size, true);
  }
  return zip;
}

describe("a .docx that is neither a matrix nor a report", () => {
  const submission = buildDocx(
    p("Joint submission on trafficking in persons") +
      p("1. The coalition welcomes the Act.") +
      p("Annex: list of members"),
  );

  it("detection says null, and the message says what the two kinds are", () => {
    expect(detectDocxKind(submission)).toBeNull();
    expect(parseUprDocx(submission)).toEqual({ ok: false, message: NEITHER_DOCX_MESSAGE });
    expect(NEITHER_DOCX_MESSAGE).toMatch(/^This Word file is neither an OHCHR matrix .* nor a Working Group report /);
  });

  it("read as a given kind anyway, it is a problem of that kind", () => {
    const asMatrix = parseUprDocx(submission, {}, "ohchr-matrix");
    expect(asMatrix.ok && asMatrix.parse.problems).toEqual([
      { row: null, column: null, message: expect.stringMatching(/^This Word file holds no table of recommendations/) },
    ]);
    expect(parseReportDocx(submission).problems).toEqual([
      { row: null, column: null, message: NO_PARAGRAPH_NUMBERS_MESSAGE },
    ]);
  });

  it("the matrix and a report are told apart", () => {
    expect(parseUprDocx(MATRIX())).toMatchObject({ ok: true, parse: { meta: { kind: "ohchr-matrix" } } });
    const report = buildDocx(p("Report of the Working Group on the Universal Periodic Review*") + p("Kenya"));
    expect(detectDocxKind(report)).toBe("wg-report");
    expect(parseUprDocx(report, { session: 8 })).toMatchObject({
      ok: true,
      parse: {
        meta: { kind: "wg-report", state: { iso3: "KEN" } },
        problems: [{ message: NO_PARAGRAPH_NUMBERS_MESSAGE }],
      },
    });
  });
});

describe("files that are not readable .docx files: a clear problem, never a throw", () => {
  it("a damaged zip", () => {
    const damaged = MATRIX().subarray(0, 6000);
    expect(problemOf(damaged)).toEqual([
      {
        row: null,
        column: null,
        message:
          "The .docx file could not be opened: it seems damaged. Open it in Word or LibreOffice, save it again, and upload it again.",
      },
    ]);
    expect(parseUprDocx(damaged)).toEqual({ ok: false, message: expect.stringMatching(/seems damaged/) });
    expect(() => detectDocxKind(damaged)).toThrow(DocxError);
  });

  it("random bytes", () => {
    const random = prng(13);
    const bytes = Uint8Array.from({ length: 4096 }, () => Math.floor(random() * 256));
    expect(problemOf(bytes)).toEqual([
      {
        row: null,
        column: null,
        message: expect.stringMatching(/^This is not a Word \.docx file \(a \.docx file is a zip archive\)/),
      },
    ]);
    expect(parseReportDocx(bytes).problems[0].message).toMatch(/^This is not a Word \.docx file/);
    expect(parseReportDocx(new Uint8Array(0)).problems[0].message).toMatch(/^This is not a Word \.docx file/);
  });

  it("a password-protected (encrypted) .docx, and an old .doc", () => {
    const encrypted = compoundFile(utf16("EncryptedPackage"));
    expect(problemOf(encrypted)[0].message).toMatch(
      /^This Word file is password-protected \(encrypted\), so it cannot be read\./,
    );
    expect(problemOf(compoundFile(utf16("WordDocument")))[0].message).toMatch(
      /^This is an old Word 97-2003 document \(\.doc\)/,
    );
  });

  it("a zip that is not a Word document", () => {
    expect(problemOf(zipSync({ "xl/workbook.xml": strToU8("<workbook/>") }))[0].message).toMatch(
      /no word\/document\.xml/,
    );
  });

  it("a part larger than the limit unpacked (a zip bomb) is not inflated", () => {
    expect(problemOf(declaringSize(MAX_PART_BYTES + 1))[0].message).toMatch(
      /^The \.docx file's part word\/document\.xml is too large unpacked/,
    );
  });
});

describe("docxDocument: paragraphs, tables and page headers", () => {
  it("tables as rows of cells with their spans; a nested table's text stays in its cell", () => {
    const cell = (inner: string, span = 1) =>
      `<w:tc><w:tcPr>${span > 1 ? `<w:gridSpan w:val="${span}"/>` : ""}</w:tcPr>${inner}</w:tc>`;
    const nested = `<w:tbl><w:tr>${cell(p("inner a"))}${cell(p("inner b"))}</w:tr></w:tbl>`;
    const xml = `<w:document ${W}><w:body>${p("Before")}<w:tbl><w:tblPr/><w:tr>${cell(p("Theme: x"), 2)}</w:tr><w:tr>${cell(p("a1") + p("a2"))}${cell(nested + "<w:p/>")}</w:tr></w:tbl>${p("After", " &amp; done")}</w:body></w:document>`;
    expect(wordXmlBlocks(xml)).toEqual([
      { kind: "paragraph", text: "Before" },
      {
        kind: "table",
        rows: [
          [{ paragraphs: ["Theme: x"], text: "Theme: x", span: 2 }],
          [
            { paragraphs: ["a1", "a2"], text: "a1\na2", span: 1 },
            { paragraphs: ["inner a", "inner b", ""], text: "inner a\ninner b\n", span: 1 },
          ],
        ],
      },
      { kind: "paragraph", text: "After & done" },
    ]);
  });

  it("deleted and moved-away text, field codes and a text box's fallback copy are not text", () => {
    const xml =
      `<w:p><w:r><w:t>Kept</w:t></w:r><w:del><w:r><w:delText>gone</w:delText></w:r></w:del><w:moveFrom><w:r><w:t>moved</w:t></w:r></w:moveFrom>` +
      `<w:r><w:instrText>PAGE</w:instrText></w:r><w:r><w:tab/><w:t>on</w:t></w:r></w:p>` +
      `<w:p><w:r><mc:AlternateContent><mc:Choice><w:txbxContent>${p("Box")}</w:txbxContent></mc:Choice><mc:Fallback><w:txbxContent>${p("Box")}</w:txbxContent></mc:Fallback></mc:AlternateContent></w:r></w:p>`;
    expect(wordXmlBlocks(xml)).toEqual([
      { kind: "paragraph", text: "Kept on" },
      { kind: "paragraph", text: "Box" },
      { kind: "paragraph", text: "" },
    ]);
  });

  it("the page headers' text, header1 before header2 before header10", () => {
    const parts = unzipSync(buildDocx(p("Body")));
    const header = (t: string) => strToU8(`<w:hdr ${W}>${p(t)}</w:hdr>`);
    const bytes = zipSync({
      ...parts,
      "word/header10.xml": header("ten"),
      "word/header2.xml": header("two"),
      "word/header1.xml": header("one"),
      "word/footer1.xml": header("foot"),
    });
    expect(docxDocument(bytes)).toEqual({
      blocks: [{ kind: "paragraph", text: "Body" }],
      headers: ["one\n", "two\n", "ten\n"],
    });
  });
});
