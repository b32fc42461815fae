// Hostile files and requests, as an attacker sends them, and what a reader sees meanwhile: each probe
// is sent to a running server while a reader asks for a page every 250 ms and the server's memory
// (VmRSS) is read as often. Used by the browser-free test tests/e2e/hostile-input.test.ts and by
// `npm run bench:hostile`, which prints the figures. Every file is generated here (nothing is
// downloaded), small on the wire and large, slow or deep once read.
import fs from "node:fs";
import http from "node:http";
import zlib from "node:zlib";

// ------------------------------------------------------------------------------------------------
// Zip archives, written by hand so that they can lie about their sizes.

export interface ZipPart {
  name: string;
  /** Deflated (raw) bytes, or the stored bytes when `stored`. */
  data: Uint8Array;
  stored?: boolean;
  /** What the headers claim the part unpacks to (a lie, for a bomb). */
  claimedSize?: number;
}

export function zip(parts: ZipPart[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const name = Buffer.from(part.name, "utf8");
    const size = part.claimedSize ?? part.data.length;
    const crc = part.stored ? zlib.crc32(part.data) : 0;
    const method = part.stored ? 0 : 8;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(part.data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(part.data.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, Buffer.from(part.data));
    centrals.push(central, name);
    offset += 30 + name.length + part.data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const stored = (name: string, text: string): ZipPart => ({ name, data: Buffer.from(text, "utf8"), stored: true });
const deflated = (name: string, text: string): ZipPart => ({ name, data: zlib.deflateRawSync(Buffer.from(text)) });

/**
 * Raw deflate data that inflates to `prefix`, then `unit` repeated to about `bytes`, then `suffix`:
 * one block of the repeats compressed once and repeated (each copy ends on a sync flush, so copies
 * chain), so a gigabyte costs about a megabyte and a fraction of a second to make.
 */
export function repeatedDeflate(prefix: string, unit: string, bytes: number, suffix: string): Buffer {
  const block = Buffer.from(unit.repeat(Math.max(1, Math.floor((16 * 1024 * 1024) / unit.length))));
  const flush = { finishFlush: zlib.constants.Z_SYNC_FLUSH };
  const copy = zlib.deflateRawSync(block, flush);
  const copies = Math.max(1, Math.round(bytes / block.length));
  return Buffer.concat([
    zlib.deflateRawSync(Buffer.from(prefix), flush),
    ...Array.from({ length: copies }, () => copy),
    zlib.deflateRawSync(Buffer.from(suffix)), // the final block
  ]);
}

const WORD_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
const DOCX_TYPES =
  '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
  '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>';

function docx(documentXml: ZipPart): Buffer {
  return zip([stored("[Content_Types].xml", DOCX_TYPES), documentXml]);
}

const XLSX_TYPES =
  '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
  '<Default Extension="xml" ContentType="application/xml"/>' +
  '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
  '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
  '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>';
const XLSX_WORKBOOK =
  '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
  '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>';
const XLSX_RELS =
  '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>' +
  '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>';
const SHEET_HEAD =
  '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';

function xlsx(sheet: ZipPart, sharedStrings: ZipPart): Buffer {
  return zip([
    stored("[Content_Types].xml", XLSX_TYPES),
    stored("xl/workbook.xml", XLSX_WORKBOOK),
    stored("xl/_rels/workbook.xml.rels", XLSX_RELS),
    sheet,
    sharedStrings,
  ]);
}

// ------------------------------------------------------------------------------------------------
// The probes.

export type ProbeKind = "anonymous" | "editor";

export interface ProbeRequest {
  path: string;
  /** A multipart form: fields, and at most one file. */
  form?: { fields: Record<string, string>; file?: { field: string; name: string; bytes: Uint8Array } };
  /** A body sent chunked, without Content-Length, as fast as the server takes it. */
  chunked?: { bytes: number; contentType: string };
  method?: "GET" | "POST";
}

export interface Probe {
  name: string;
  /** What the issue measured before (for the printed table). */
  before: string;
  kind: ProbeKind;
  /** An import probe: run on PostgreSQL too. */
  importing: boolean;
  request: () => ProbeRequest;
  /** What the attacker's answer must say (a clear message), besides not being a 500. */
  expect: { status: number[]; text?: RegExp };
}

const upload = (name: string, bytes: Uint8Array, fields: Record<string, string> = { intent: "preview" }) => ({
  fields,
  file: { field: "file", name, bytes },
});

/** A .docx whose text is 80,000 unclosed <mc:Fallback> tags (quadratic for a backtracking reader). */
const unclosedFallbacksDocx = () =>
  docx(deflated("word/document.xml", `<w:document ${WORD_NS}><w:body>${"<mc:Fallback>".repeat(80_000)}`));

/** An editor's import preview of pasted text (a report's recommendations, as the import page takes them). */
function pastedImport(name: string, before: string, text: () => string, fields: Record<string, string> = {}): Probe {
  return {
    name,
    before,
    kind: "editor",
    importing: true,
    request: () => ({ path: "/import", form: { fields: { intent: "preview", ...fields, text: text() } } }),
    expect: { status: [200, 422] },
  };
}

export const PROBES: Probe[] = [
  {
    name: "word count: .docx of 80,000 unclosed <mc:Fallback> tags",
    before: "readers waited 22 s",
    kind: "anonymous",
    importing: false,
    request: () => ({
      path: "/tools/word-count",
      form: upload("draft.docx", unclosedFallbacksDocx(), {}),
    }),
    expect: { status: [200, 400, 422], text: /word|Word/ },
  },
  {
    name: "word count: .docx whose document.xml inflates to 4 GB, its header claiming 1,000 bytes",
    before: "the server froze 43-58 s",
    kind: "anonymous",
    importing: false,
    request: () => ({
      path: "/tools/word-count",
      form: upload(
        "draft.docx",
        docx({
          name: "word/document.xml",
          data: repeatedDeflate(
            `<w:document ${WORD_NS}><w:body><w:p><w:r><w:t>`,
            "a",
            4 * 1024 ** 3,
            "</w:t></w:r></w:p>",
          ),
          claimedSize: 1_000,
        }),
        {},
      ),
    }),
    expect: { status: [400, 413, 422], text: /too large|larger/ },
  },
  {
    name: "POST /login, 400 MB sent chunked (no Content-Length)",
    before: "+1.1 GB of memory; eight at once 6.5 GB",
    kind: "anonymous",
    importing: false,
    request: () => ({
      path: "/login",
      chunked: { bytes: 400 * 1024 * 1024, contentType: "application/x-www-form-urlencoded" },
    }),
    expect: { status: [413], text: /too large/ },
  },
  {
    name: "search: /recommendations?q= of 60 dashes",
    before: "500 (tsquery stack too small)",
    kind: "anonymous",
    importing: false,
    request: () => ({ path: `/recommendations?q=${"-".repeat(60)}`, method: "GET" }),
    expect: { status: [200] },
  },
  {
    name: "import: .xlsx of 3 MB whose sheet inflates to 3 GB",
    before: "6.5 GB peak, 15 s freeze",
    kind: "editor",
    importing: true,
    request: () => ({
      path: "/import",
      form: upload(
        "bomb.xlsx",
        xlsx(
          {
            name: "xl/worksheets/sheet1.xml",
            data: repeatedDeflate(
              SHEET_HEAD,
              '<row><c t="inlineStr"><is><t>a</t></is></c></row>',
              3 * 1024 ** 3,
              "</sheetData></worksheet>",
            ),
            claimedSize: 1_000,
          },
          deflated("xl/sharedStrings.xml", '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>'),
        ),
      ),
    }),
    expect: { status: [200, 422], text: /too large once unpacked/ },
  },
  {
    name: "import: .xlsx of 10 million shared strings",
    before: "2.5 GB, 34 s freeze",
    kind: "editor",
    importing: true,
    request: () => ({
      path: "/import",
      form: upload(
        "strings.xlsx",
        xlsx(
          deflated(
            "xl/worksheets/sheet1.xml",
            `${SHEET_HEAD}<row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>`,
          ),
          {
            name: "xl/sharedStrings.xml",
            data: repeatedDeflate(
              '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">',
              "<si><t>a</t></si>",
              10_000_000 * 17,
              "</sst>",
            ),
          },
        ),
      ),
    }),
    expect: { status: [200, 422], text: /too large once unpacked/ },
  },
  pastedImport("import: pasted text of 192 KB of newlines, then x", "52 s freeze", () => "\n".repeat(192 * 1024) + "x"),
  pastedImport(
    "import: a report title, then 60,000 blank lines",
    "12.6 s freeze",
    () => "Report of the Working Group on the Universal Periodic Review" + "\n".repeat(60_000) + "101.1 x",
  ),
  pastedImport(
    "import: 512 KB of one recommendation, then 128k short lines",
    "24 s freeze",
    () =>
      "101.1 Ratify " + "a".repeat(512 * 1024) + "\nb-".repeat(128 * 1024) + "\n101.2 Ratify the convention (France).",
    { format: "wg-report" },
  ),
  {
    name: 'import: UHRI JSON whose Text is "<p " x 60,000',
    before: "10.7 s freeze",
    kind: "editor",
    importing: true,
    request: () => ({
      path: "/import",
      form: upload(
        "uhri.json",
        Buffer.from(
          JSON.stringify([
            {
              AnnotationId: "x",
              AnnotationType: "Recommendation",
              Body: "UPR",
              Countries: ["Kenya"],
              Symbol: "A/HRC/15/8",
              Text: "101.1 " + "<p ".repeat(60_000),
              UprCycle: 1,
              UprSession: [8],
              UprPositions: ["Supported"],
              UprRecommendingCountry: ["France"],
            },
          ]),
        ),
      ),
    }),
    expect: { status: [200, 422] },
  },
  {
    name: "import: .docx of 80,000 unclosed <mc:Fallback> tags",
    before: "quadratic, as the word count",
    kind: "editor",
    importing: true,
    request: () => ({
      path: "/import",
      form: upload("matrix.docx", unclosedFallbacksDocx()),
    }),
    expect: { status: [200, 422] },
  },
];

// ------------------------------------------------------------------------------------------------
// Sending a probe, and reading the server meanwhile.

function multipart(form: NonNullable<ProbeRequest["form"]>): { body: Buffer; type: string } {
  const boundary = `----hostile${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(form.fields))
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  if (form.file)
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${form.file.field}"; filename="${form.file.name}"\r\n` +
          "Content-Type: application/octet-stream\r\n\r\n",
      ),
      Buffer.from(form.file.bytes),
      Buffer.from("\r\n"),
    );
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), type: `multipart/form-data; boundary=${boundary}` };
}

/**
 * Sends `bytes` bytes ("a=" then "x"s) chunked, without Content-Length, as fast as the server takes
 * them, and stops sending once the server answered (node:http: the answer may come mid-body).
 */
function sendChunked(
  url: string,
  headers: Record<string, string>,
  bytes: number,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve) => {
    const chunk = Buffer.alloc(256 * 1024, 0x78);
    let answered = false;
    const req = http.request(url, { method: "POST", headers: { ...headers, "Transfer-Encoding": "chunked" } });
    req.on("response", (res) => {
      answered = true;
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => (text += d));
      res.on("end", () => {
        req.destroy();
        resolve({ status: res.statusCode ?? 0, text });
      });
    });
    req.on("error", (error) => {
      if (!answered) resolve({ status: 0, text: `no answer: ${error.message}` });
    });
    let sent = 0;
    const write = () => {
      while (!answered && sent < bytes) {
        const part = sent === 0 ? Buffer.from("a=") : chunk;
        sent += part.length;
        if (!req.write(part)) return void req.once("drain", write);
      }
      if (!answered) req.end();
    };
    write();
  });
}

export interface ProbeAnswer {
  status: number;
  text: string;
  ms: number;
}

export async function sendProbe(baseUrl: string, probe: Probe, cookie: string | null): Promise<ProbeAnswer> {
  const req = probe.request();
  const headers: Record<string, string> = { Origin: baseUrl };
  if (cookie) headers.Cookie = cookie;
  const started = performance.now();
  if (req.chunked) {
    headers["Content-Type"] = req.chunked.contentType;
    const answer = await sendChunked(baseUrl + req.path, headers, req.chunked.bytes);
    return { ...answer, ms: performance.now() - started };
  }
  let body: BodyInit | undefined;
  if (req.form) {
    const { body: b, type } = multipart(req.form);
    body = new Uint8Array(b);
    headers["Content-Type"] = type;
  }
  try {
    const res = await fetch(baseUrl + req.path, {
      method: req.method ?? "POST",
      headers,
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(120_000),
    });
    const text = await res.text();
    return { status: res.status, text, ms: performance.now() - started };
  } catch (error) {
    // No answer at all (the connection was reset): status 0, which no probe expects.
    return { status: 0, text: `no answer: ${(error as Error).message}`, ms: performance.now() - started };
  }
}

/** The server's resident memory in MB (Linux). */
export function residentMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

export interface ProbeRun {
  answer: ProbeAnswer;
  /** A reader's GET of a page every 250 ms while the probe ran: each one's time. */
  readerMs: number[];
  /** The reader's requests that failed or were not 200 (none, when all went well). */
  readerErrors: string[];
  /** Resident memory: before, and the highest seen while the probe ran. */
  rssBeforeMb: number;
  rssPeakMb: number;
}

/** Sends a probe while a reader asks for `readerPath` every 250 ms and the server's memory is watched. */
export async function runProbe(
  baseUrl: string,
  pid: number,
  probe: Probe,
  cookie: string | null,
  readerPath = "/",
): Promise<ProbeRun> {
  const rssBeforeMb = residentMb(pid);
  let rssPeakMb = rssBeforeMb;
  const readerMs: number[] = [];
  const readerErrors: string[] = [];
  let running = true;
  const reader = (async () => {
    while (running) {
      const started = performance.now();
      try {
        const res = await fetch(baseUrl + readerPath, { signal: AbortSignal.timeout(60_000) });
        await res.arrayBuffer();
        if (res.status !== 200) readerErrors.push(`status ${res.status}`);
      } catch (error) {
        readerErrors.push(`${(error as Error).message} ${String((error as { cause?: unknown }).cause ?? "")}`);
      }
      readerMs.push(performance.now() - started);
      await new Promise((r) => setTimeout(r, 250));
    }
  })();
  const memory = setInterval(() => {
    try {
      rssPeakMb = Math.max(rssPeakMb, residentMb(pid));
    } catch {
      /* the process is gone: the caller sees it */
    }
  }, 100);
  try {
    // The reader's first request goes before the probe.
    await new Promise((r) => setTimeout(r, 300));
    const answer = await sendProbe(baseUrl, probe, cookie);
    await new Promise((r) => setTimeout(r, 300)); // one more reader request after the answer
    return { answer, readerMs, readerErrors, rssBeforeMb, rssPeakMb };
  } finally {
    running = false;
    clearInterval(memory);
    await reader;
  }
}
