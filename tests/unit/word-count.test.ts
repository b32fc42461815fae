// Word counts as the UN counts (app/lib/word-count.ts), and the text of .docx and .txt drafts.
import { strToU8, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { readDraftFile } from "~/lib/draft-file.server";
import { docxText, wordXmlText } from "~/lib/text/docx-text";
import { checkLimits, countDocument, countWords, WORD_LIMITS } from "~/lib/word-count";
import { buildDocx, p, W } from "../helpers/docx";

describe("countWords", () => {
  it.each([
    ["", 0],
    ["   \n\t ", 0],
    ["Ratify the Palermo Protocol", 4],
    ["counter-trafficking measures", 2],
    ["In 2019, 2,815 words; see A/HRC/15/8 and https://www.ohchr.org/en/hr-bodies/upr.", 8],
    ["Victims – and survivors — need support", 5],
    ["• Shelters\n• Legal aid", 3],
    ["rights—including the right to remedy", 5],
    ["10\u00a0700 words", 3],
    ["e.g. the Counter-Trafficking in Persons Act (2010)", 7],
    ["Côte d'Ivoire, Türkiye and the État", 6],
    ["第一 段落", 2],
  ])("%j has %i words", (text, n) => expect(countWords(text)).toBe(n));

  it("footnotes are counted, and shown apart where known", () => {
    expect(countDocument({ body: "one two three", footnotes: "four five" })).toEqual({ total: 5, footnotes: 2 });
    expect(countDocument({ body: "one two three" })).toEqual({ total: 3, footnotes: null });
  });

  it("against the limits", () => {
    expect(WORD_LIMITS.map((l) => [l.key, l.limit])).toEqual([
      ["joint", 5630],
      ["individual", 2815],
      ["national", 10700],
    ]);
    const checks = checkLimits(3000);
    expect(checks.find((c) => c.key === "joint")).toMatchObject({ within: true, left: 2630, over: 0 });
    expect(checks.find((c) => c.key === "individual")).toMatchObject({ within: false, left: 0, over: 185 });
    expect(checkLimits(2815).find((c) => c.key === "individual")).toMatchObject({ within: true, left: 0, over: 0 });
  });
});

describe("docx text", () => {
  it("joins runs, breaks paragraphs, decodes entities, skips deleted text and field codes", () => {
    const xml =
      p("Traff", "icking in Kenya") +
      `<w:p><w:r><w:t>Tom &amp; Jerry&#8217;s</w:t><w:tab/><w:t>report</w:t><w:br/><w:t>next</w:t></w:r>` +
      `<w:del><w:r><w:delText>removed words here</w:delText></w:r></w:del><w:r><w:instrText> PAGE </w:instrText></w:r></w:p>` +
      p("last");
    expect(wordXmlText(`<w:body ${W}>${xml}</w:body>`)).toBe(
      "Trafficking in Kenya\nTom & Jerry\u2019s report next\nlast\n",
    );
  });

  it("a text box counts once (its fallback copy is skipped)", () => {
    const box = `<mc:AlternateContent><mc:Choice Requires="wps"><w:txbxContent>${p("Box text")}</w:txbxContent></mc:Choice><mc:Fallback><w:pict><w:txbxContent>${p("Box text")}</w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent>`;
    expect(countWords(wordXmlText(`<w:p><w:r>${box}</w:r></w:p>`))).toBe(2);
  });

  it("main text, and footnotes and endnotes apart", () => {
    const docx = buildDocx(
      p("Joint submission on trafficking in persons") +
        p("1. The coalition welcomes the Act.") +
        p("Annex: list of members"),
      '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>' +
        `<w:footnote w:id="1">${p("See A/HRC/15/8, para. 101.3.")}</w:footnote>`,
      `<w:endnote w:id="1">${p("Survey of 2019.")}</w:endnote>`,
    );
    const text = docxText(docx);
    expect(countWords(text.body)).toBe(6 + 6 + 4);
    expect(countWords(text.footnotes)).toBe(4 + 3);
    expect(countDocument(text)).toEqual({ total: 23, footnotes: 7 });
  });

  it("refuses what is not a .docx, with a message", () => {
    expect(() => docxText(strToU8("plain text"))).toThrow(/not a Word \.docx file/);
    expect(() => docxText(zipSync({ "content.xml": strToU8("<x/>") }))).toThrow(/no word\/document\.xml/);
    const broken = buildDocx(p("x")).slice(0, 60);
    expect(() => docxText(broken)).toThrow(/damaged/);
  });
});

describe("readDraftFile", () => {
  it("docx and txt (UTF-8 with BOM, Windows-1252)", () => {
    const docx = readDraftFile(
      "Draft.DOCX",
      buildDocx(p("One two three"), `<w:footnote w:id="1">${p("four")}</w:footnote>`),
    );
    expect(docx).toEqual({ ok: true, kind: "docx", body: "One two three\n", footnotes: "four\n" });
    const utf8 = readDraftFile("draft.txt", new Uint8Array([0xef, 0xbb, 0xbf, ...strToU8("Côte d'Ivoire – Kenya")]));
    expect(utf8).toEqual({ ok: true, kind: "txt", body: "Côte d'Ivoire – Kenya", footnotes: null });
    const legacy = readDraftFile("draft.txt", new Uint8Array([0x43, 0xf4, 0x74, 0x65, 0x20, 0x96, 0x20, 0x4b]));
    expect(legacy).toMatchObject({ ok: true, body: "Côte – K" });
  });

  it("other types are refused with a clear message", () => {
    expect(readDraftFile("draft.pdf", strToU8("%PDF-1.4"))).toEqual({
      ok: false,
      message: expect.stringMatching(/This is a PDF\. Only Word \(\.docx\) and plain-text \(\.txt\)/),
    });
    expect(readDraftFile("draft.doc", new Uint8Array([0xd0, 0xcf, 0x11, 0xe0]))).toMatchObject({
      ok: false,
      message: expect.stringMatching(/Word 97-2003/),
    });
    expect(readDraftFile("draft.txt", new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0]))).toMatchObject({
      ok: false,
      message: expect.stringMatching(/PNG image/),
    });
    expect(readDraftFile("draft.txt", new Uint8Array())).toEqual({ ok: false, message: "The file is empty." });
  });
});
