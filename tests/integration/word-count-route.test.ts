// /tools/word-count: pasted text and uploaded .docx/.txt drafts are counted against the limits; other
// files and other sites are refused with a clear message; nothing needs an account or a database.
import { strToU8 } from "fflate";
import { describe, expect, it } from "vitest";
import * as wordCount from "~/routes/tools.word-count";
import { buildDocx, p } from "../helpers/docx";
import { args, ORIGIN, post, run } from "../helpers/requests";

function upload(fields: Record<string, string | File>, origin: string | null = ORIGIN) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  const headers = new Headers();
  if (origin) headers.set("Origin", origin);
  return new Request(`${ORIGIN}/tools/word-count`, { method: "POST", body: form, headers });
}

const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(" ");

describe("submission word count", () => {
  it("pasted text: the count against each limit", async () => {
    const o = await run(wordCount.action(args(post("/tools/word-count", { text: words(3000) }))));
    expect(o.status).toBe(200);
    expect(o.body.error).toBeNull();
    expect(o.body.result).toMatchObject({ source: "paste", total: 3000, footnotes: null });
    const byKey = Object.fromEntries(o.body.result.limits.map((l: { key: string }) => [l.key, l]));
    expect(byKey.joint).toMatchObject({ limit: 5630, within: true, left: 2630 });
    expect(byKey.individual).toMatchObject({ limit: 2815, within: false, over: 185 });
    expect(byKey.national).toMatchObject({ limit: 10700, within: true });
  });

  it("pasted footnotes are counted, and shown apart", async () => {
    const o = await run(
      wordCount.action(args(post("/tools/word-count", { text: "one two three", footnotes: "See A/HRC/15/8." }))),
    );
    expect(o.body.result).toMatchObject({ total: 5, footnotes: 2 });
  });

  it("an uploaded .docx: body, footnotes and endnotes (multipart, as the form sends it)", async () => {
    const docx = buildDocx(
      p(words(2800)) + p("Annex I: members of the coalition"),
      `<w:footnote w:id="1">${p("Kenya Gazette Supplement No. 8 (2010).")}</w:footnote>`,
      `<w:endnote w:id="1">${p("Interview, Nairobi, 2019.")}</w:endnote>`,
    );
    const file = new File([docx], "joint-submission.docx", {
      type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    });
    const o = await run(wordCount.action(args(upload({ text: "ignored when a file is chosen", file }))));
    expect(o.status).toBe(200);
    expect(o.body.result).toMatchObject({
      source: "docx",
      fileName: "joint-submission.docx",
      total: 2800 + 6 + 6 + 3,
      footnotes: 9,
    });
    // 2,815 words: exactly the individual limit, still within it.
    expect(o.body.result.limits.find((l: { key: string }) => l.key === "individual")).toMatchObject({
      within: true,
      over: 0,
      left: 0,
    });
  });

  it("an uploaded .txt; an empty file input counts the pasted text", async () => {
    const txt = new File([strToU8("Côte d'Ivoire – and Kenya\r\n")], "draft.txt", { type: "text/plain" });
    expect((await run(wordCount.action(args(upload({ file: txt }))))).body.result).toMatchObject({
      source: "txt",
      total: 4,
      footnotes: null,
    });
    const none = new File([], "", { type: "application/octet-stream" });
    expect((await run(wordCount.action(args(upload({ text: "two words", file: none }))))).body.result).toMatchObject({
      source: "paste",
      total: 2,
    });
  });

  it("other files and empty forms: 400 with a message", async () => {
    const pdf = new File([strToU8("%PDF-1.7 ...")], "draft.pdf", { type: "application/pdf" });
    const o = await run(wordCount.action(args(upload({ file: pdf }))));
    expect(o.status).toBe(400);
    expect(o.body).toEqual({
      result: null,
      error: expect.stringMatching(
        /^draft\.pdf: This is a PDF\. Only Word \(\.docx\) and plain-text \(\.txt\) files can be counted/,
      ),
    });
    const fake = new File([strToU8("not a zip")], "draft.docx");
    expect((await run(wordCount.action(args(upload({ file: fake }))))).body.error).toMatch(/not a Word \.docx file/);
    const empty = await run(wordCount.action(args(post("/tools/word-count", { text: "  " }))));
    expect(empty).toMatchObject({ status: 400, body: { error: "Paste the text of the draft, or choose a file." } });
  });

  it("too large an upload: 413 with a message", async () => {
    const big = new File([new Uint8Array(10 * 1024 * 1024 + 1)], "big.txt", { type: "text/plain" });
    const o = await run(wordCount.action(args(upload({ file: big }))));
    expect(o.status).toBe(413);
    expect(o.body.error).toBe("The file is larger than 10 MB.");
  });

  it("a form sent from another site is refused", async () => {
    const o = await run(
      wordCount.action(args(post("/tools/word-count", { text: "x" }, { origin: "https://evil.example" }))),
    );
    expect(o.status).toBe(403);
  });
});
