// server/body-limits.ts: which bound each route gets, that the largest legitimate forms fit in theirs,
// and the bounds at work on a real Express server (a declared size refused unread, a chunked body
// stopped as it passes the bound, bodies within the bound delivered whole).
import http from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterEach, describe, expect, it } from "vitest";
import { MAX_EVIDENCE, MAX_URLS } from "~/lib/assessment-input";
import { SUBMISSION_MAX_CHARS } from "~/lib/submission-input";
import { MAX_REQUEST_BYTES } from "~/import/uploads.server";
import {
  bodyLimitOf,
  boundedBody,
  FORM_BYTES,
  refuseDeclaredTooLarge,
  SUBMISSION_FORM_BYTES,
  WORD_COUNT_BYTES,
} from "../../server/body-limits";

describe("the bound of each route", () => {
  it("uploads, submissions and every other form", () => {
    expect(FORM_BYTES).toBe(524_288);
    expect(SUBMISSION_FORM_BYTES).toBe(620_300 * 9 + 65_536);
    expect(WORD_COUNT_BYTES).toBe(10 * 1024 * 1024 + 65_536);
    const cases: [string, string, number][] = [
      ["/import", "upload", MAX_REQUEST_BYTES],
      ["/import/", "upload", MAX_REQUEST_BYTES],
      ["/import.data", "upload", MAX_REQUEST_BYTES],
      ["/IMPORT", "upload", MAX_REQUEST_BYTES],
      ["/tools/word-count", "upload", WORD_COUNT_BYTES],
      ["/tools/word-count.data", "upload", WORD_COUNT_BYTES],
      ["/submissions", "submission", SUBMISSION_FORM_BYTES],
      ["/submissions/12", "submission", SUBMISSION_FORM_BYTES],
      ["/submissions/12.data", "submission", SUBMISSION_FORM_BYTES],
      ["/login", "form", FORM_BYTES],
      ["/login.data", "form", FORM_BYTES],
      ["/_root.data", "form", FORM_BYTES],
      ["/", "form", FORM_BYTES],
      ["/setup", "form", FORM_BYTES],
      ["/assessments/bulk", "form", FORM_BYTES],
      ["/admin/imports", "form", FORM_BYTES],
      ["/importer", "form", FORM_BYTES],
      ["/import/x", "form", FORM_BYTES],
      ["/submissionsx", "form", FORM_BYTES],
    ];
    for (const [path, kind, bytes] of cases) expect(bodyLimitOf(path), path).toEqual({ kind, bytes });
  });

  it("the bulk assessment form at its own limits fits the form bound", () => {
    const form = new URLSearchParams();
    for (let i = 0; i < 5000; i++) form.append("ids", String(1_000_000 + i));
    for (let i = 0; i < 5000; i++) form.append("shown", String(1_000_000 + i));
    form.set("allShown", "1");
    form.set("formKey", "k".repeat(100));
    form.set("status", "partially_implemented");
    form.set("asOf", "2026-12-01");
    form.set("organisationId", "2147483647");
    form.set("evidence", "你".repeat(MAX_EVIDENCE)); // 3 bytes of UTF-8, 9 once encoded
    const link = `https://example.org/${"a/b?c=d&".repeat(250)}`.slice(0, 2000);
    form.set("sourceUrls", Array.from({ length: MAX_URLS }, () => link).join("\r\n"));
    const bytes = Buffer.byteLength(form.toString());
    expect(bytes).toBeGreaterThan(350_000);
    expect(bytes).toBeLessThanOrEqual(FORM_BYTES);
  });

  it("the submission form at its own limits fits the submission bound, and not the form bound", () => {
    const form = new URLSearchParams();
    for (const [name, chars] of Object.entries(SUBMISSION_MAX_CHARS)) form.set(name, "你".repeat(chars));
    for (const [name, value] of Object.entries({ kind: "joint", state: "KEN", cycle: "4", isPublic: "on" }))
      form.set(name, value);
    const bytes = Buffer.byteLength(form.toString());
    expect(bytes).toBeGreaterThan(FORM_BYTES);
    expect(bytes).toBeLessThanOrEqual(SUBMISSION_FORM_BYTES);
  });
});

interface Answer {
  status: number;
  body: string;
  connection: string | undefined;
  /** Body bytes the client sent before the answer came. */
  sent: number;
}

/** Resolves when the request can take more, or is closed. */
function drained(req: http.ClientRequest): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      req.off("drain", done);
      req.off("close", done);
      resolve();
    };
    req.on("drain", done);
    req.on("close", done);
  });
}

/** Sends `total` bytes to `path` (chunked, or with `declared` as Content-Length), stopping at the answer. */
function send(url: string, total: number, declared: number | null = null, accept = "*/*"): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { Accept: accept, "Content-Type": "application/octet-stream" };
    if (declared !== null) headers["Content-Length"] = declared;
    const req = http.request(url, { method: "POST", headers });
    let sent = 0;
    let answered = false;
    req.on("response", (res) => {
      answered = true;
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d) => (body += d));
      res.on("end", () => {
        resolve({ status: res.statusCode!, body, connection: res.headers.connection, sent });
        req.destroy();
      });
    });
    req.on("error", (e) => (answered ? undefined : reject(e)));
    const chunk = Buffer.alloc(16 * 1024, 0x61);
    void (async () => {
      while (!answered && sent < total) {
        const piece = chunk.subarray(0, Math.min(chunk.length, total - sent));
        sent += piece.length;
        if (!req.write(piece)) await drained(req);
      }
      if (!answered) req.end();
    })();
  });
}

describe("the bounds on a real server", () => {
  const servers: http.Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
  });

  /** A server whose handler reads the whole bounded body and says how many bytes it got. */
  async function start() {
    const seen = { refused: 0, readErrors: 0 };
    const app = express();
    app.use(refuseDeclaredTooLarge());
    app.all("*", (req, res) => {
      const body = boundedBody(req, res, () => seen.refused++);
      let n = 0;
      body.on("data", (d: Buffer) => (n += d.length));
      body.on("error", () => seen.readErrors++);
      body.on("end", () => res.type("text/plain").send(`read ${n}`));
    });
    const server = app.listen(0, "127.0.0.1");
    servers.push(server);
    await new Promise((r) => server.once("listening", r));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
  }

  it("delivers a body within the bound whole, chunked or not", async () => {
    const { url, seen } = await start();
    expect(await send(`${url}/login`, FORM_BYTES)).toMatchObject({ status: 200, body: `read ${FORM_BYTES}` });
    expect(await send(`${url}/login`, FORM_BYTES, FORM_BYTES)).toMatchObject({
      status: 200,
      body: `read ${FORM_BYTES}`,
    });
    expect(seen).toEqual({ refused: 0, readErrors: 0 });
  });

  it("refuses a declared size over the bound at once, without reading; upload routes answer it themselves", async () => {
    const { url, seen } = await start();
    const refused = await send(`${url}/login`, 0, FORM_BYTES + 1);
    expect(refused).toEqual({
      status: 413,
      body: "This form is too large: at most 512 KB. Nothing was saved.\n",
      connection: "close",
      sent: 0,
    });
    const page = await send(`${url}/setup`, 0, 10 ** 9, "text/html,application/xhtml+xml");
    expect(page.status).toBe(413);
    expect(page.body).toContain(
      "<h1>Form too large</h1><p>This form is too large: at most 512 KB. Nothing was saved.</p>",
    );
    // /import refuses a declared size itself (in its page); here the handler reads, and the bytes are bounded.
    const upload = await send(`${url}/import`, MAX_REQUEST_BYTES + 1, MAX_REQUEST_BYTES + 1);
    expect(upload.status).toBe(413);
    expect(upload.body).toBe("This form is too large: at most 61,504 KB. Nothing was saved.\n");
    expect(seen).toEqual({ refused: 1, readErrors: 1 });
  });

  it("stops a chunked body as it passes the bound: 413, the reader fails, the rest is not sent", async () => {
    const { url, seen } = await start();
    const answer = await send(`${url}/login`, 400 * 1024 * 1024);
    expect(answer).toMatchObject({
      status: 413,
      body: "This form is too large: at most 512 KB. Nothing was saved.\n",
      connection: "close",
    });
    expect(answer.sent).toBeGreaterThan(FORM_BYTES);
    expect(answer.sent).toBeLessThan(64 * 1024 * 1024);
    expect(seen).toEqual({ refused: 1, readErrors: 1 });
  });
});
