import { readFileSync } from "node:fs";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import {
  binaryFileReason,
  createDecoder,
  decodeChunks,
  detectDelimiter,
  detectEncoding,
  detectLineEnding,
  resolveEncoding,
} from "../../../app/import/readers";
import { chunked, dataFilePath } from "./helpers";

// Real strings: state names from UPR documents and texts from Kenya's cycle-1 report.
const KENYA_CYCLE1 = readFileSync(dataFilePath("kenya-cycle1-recommendations.csv"), "utf8");
const SAMPLES = [
  "Côte d'Ivoire",
  "Côte d\u2019Ivoire",
  "São Tomé and Príncipe",
  "Türkiye",
  "Continue to implement the core elements of the Children\u2019s Act, which is a great step forwards in the achievement of the Millennium Development Goals (Angola);",
  "Continue the current policy vis-à-vis Somali refugees, based on solidarity and the protection of fundamental human rights (Somalia);",
  "Strengthen the law on the use of firearms by police officers, by introducing a policy of \u201czero tolerance\u201d for their abusive use (Belgium);",
  KENYA_CYCLE1,
];

describe("detectEncoding", () => {
  it("recognises byte order marks", () => {
    expect(detectEncoding(Buffer.from("\uFEFFKenya", "utf8"))).toEqual({ encoding: "utf-8", bom: true });
    expect(detectEncoding(iconv.encode("Kenya", "utf-16le", { addBOM: true }))).toEqual({
      encoding: "utf-16le",
      bom: true,
    });
    expect(detectEncoding(iconv.encode("Kenya", "utf-16be", { addBOM: true }))).toEqual({
      encoding: "utf-16be",
      bom: true,
    });
  });

  it("takes valid UTF-8 (and plain ASCII) as UTF-8", () => {
    expect(detectEncoding(Buffer.from("Kenya,Africa", "ascii"))).toEqual({ encoding: "utf-8", bom: false });
    for (const text of SAMPLES) expect(detectEncoding(Buffer.from(text, "utf8")).encoding).toBe("utf-8");
  });

  it("accepts a multi-byte character cut off at the end of the sniffed bytes", () => {
    const bytes = Buffer.from("Côte", "utf8");
    expect(detectEncoding(bytes.subarray(0, 2), false).encoding).toBe("utf-8");
  });

  it.each(SAMPLES.map((s) => [s.slice(0, 40), s]))("tells Windows-1252 from Mac Roman: %s", (_label, text) => {
    expect(detectEncoding(iconv.encode(text, "windows-1252")).encoding).toBe("windows-1252");
    expect(detectEncoding(iconv.encode(text, "macintosh")).encoding).toBe("macintosh");
  });

  it("lets the user override the detection", () => {
    const mac = iconv.encode("Côte d'Ivoire", "macintosh");
    expect(resolveEncoding(mac, "auto").encoding).toBe("macintosh");
    expect(resolveEncoding(mac, "windows-1252").encoding).toBe("windows-1252");
    expect(resolveEncoding(Buffer.from("\uFEFFx", "utf8"), "utf-8")).toEqual({ encoding: "utf-8", bom: true });
  });
});

describe("binaryFileReason", () => {
  it("recognises binary files", () => {
    expect(binaryFileReason(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]))).toBe(
      "a PNG image",
    );
    expect(binaryFileReason(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0]))).toMatch(/Excel workbook \(\.xlsx\)/);
    expect(binaryFileReason(Buffer.from("To,From\0\0\0", "latin1"))).toMatch(/NUL bytes/);
    expect(binaryFileReason(Buffer.from([1, 2, 3, 4, 5, 6, 7, 8, 0x41]))).toMatch(/control characters/);
  });

  it("accepts text, including UTF-16 with a BOM", () => {
    expect(binaryFileReason(Buffer.from("To,From\r\nKenya,Algeria\tx\r", "utf8"))).toBeNull();
    expect(binaryFileReason(iconv.encode("To,From", "utf-16le", { addBOM: true }))).toBeNull();
  });
});

describe("createDecoder / decodeChunks", () => {
  it("decodes multi-byte characters split across chunks and removes the BOM", async () => {
    const bytes = Buffer.from("\uFEFFCôte d\u2019Ivoire, São Tomé", "utf8");
    let text = "";
    for await (const chunk of decodeChunks(chunked(bytes, 1), "utf-8")) text += chunk;
    expect(text).toBe("Côte d\u2019Ivoire, São Tomé");
  });

  it("decodes Mac Roman", () => {
    const decoder = createDecoder("macintosh");
    expect(decoder.write(iconv.encode("Côte d\u2019Ivoire", "macintosh")) + decoder.end()).toBe("Côte d\u2019Ivoire");
  });
});

describe("detectLineEnding", () => {
  it("finds CRLF, LF and CR", () => {
    expect(detectLineEnding("a,b\r\nc,d\r\n", false)).toBe("CRLF");
    expect(detectLineEnding("a,b\nc,d\n", false)).toBe("LF");
    expect(detectLineEnding("a,b\rc,d\r", false)).toBe("CR");
  });

  it("ignores line breaks inside quotes", () => {
    expect(detectLineEnding('"a\nb",c\r\nd', false)).toBe("CRLF");
    expect(detectLineEnding('"a\r\nb",c\rd', false)).toBe("CR");
  });

  it("waits for more text when a CR ends the text", () => {
    expect(detectLineEnding("a,b\r", false)).toBeNull();
    expect(detectLineEnding("a,b\r", true)).toBe("CR");
    expect(detectLineEnding("a,b", false)).toBeNull();
  });
});

describe("detectDelimiter", () => {
  it("picks comma, semicolon or tab from the header", () => {
    expect(detectDelimiter("To,To-Rgrp,To-Org,Text")).toBe(",");
    expect(detectDelimiter("To;To-Rgrp;To-Org;Text")).toBe(";");
    expect(detectDelimiter("To\tTo-Rgrp\tTo-Org\tText")).toBe("\t");
    expect(detectDelimiter('"a;b",c,d')).toBe(",");
    expect(detectDelimiter("state_under_review")).toBe(",");
  });
});
