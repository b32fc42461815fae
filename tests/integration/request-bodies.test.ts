// Request bodies against a running server (`npm start`'s script), issue #25: a stranger's endless
// body (chunked, no Content-Length) is answered 413 within seconds without the server holding it,
// eight at once as well, and the server still serves pages afterwards; a declared Content-Length over
// the bound is answered at once, unread; legitimate forms, large ones included, still work. Prints
// the figures: time to the 413 and the server's memory (VmRSS) before, at its peak and after.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildIfStale } from "../../bench/lib/assets";
import { newAppDatabase, type RunningApp, runProjectScript, startApp } from "../helpers/app-server";
import { enginesUnderTest } from "../helpers/test-db";

const ROOT = path.resolve(import.meta.dirname, "../..");
const EDITOR = { email: "editor@request-bodies.example", password: "request bodies editor 1" };
const MB = 1024 * 1024;
const ATTACK_BYTES = 400 * MB;

/** The server's resident memory in MB. */
function rssMb(pid: number): number {
  const kb = Number(/VmRSS:\s+(\d+)\s+kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))![1]);
  return kb / 1024;
}

/** Samples the server's memory every 20 ms while `work` runs: before, peak, after. */
async function watchMemory<T>(pid: number, work: () => Promise<T>) {
  const before = rssMb(pid);
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 20);
  try {
    const result = await work();
    const after = rssMb(pid);
    return { result, before, peak: Math.max(peak, after), after };
  } finally {
    clearInterval(timer);
  }
}

interface Answer {
  status: number;
  body: string;
  connection: string | null;
  ms: number;
  /** Body bytes sent before the answer came. */
  sent: number;
  error: string | null;
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

/**
 * POSTs up to `total` bytes of body (chunked unless `declared` gives a Content-Length), as fast as the
 * server takes them, and stops sending as soon as an answer arrives.
 */
function post(
  url: string,
  total: number,
  headers: Record<string, string | number>,
  chunk: Buffer = Buffer.alloc(64 * 1024, 0x61),
): Promise<Answer> {
  return new Promise((resolve) => {
    const started = Date.now();
    const req = http.request(url, { method: "POST", headers });
    let sent = 0;
    let done = false;
    const finish = (a: Omit<Answer, "ms" | "sent">) => {
      if (done) return;
      done = true;
      resolve({ ...a, ms: Date.now() - started, sent });
      req.destroy();
    };
    req.on("response", (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d) => (body += d));
      res.on("end", () =>
        finish({ status: res.statusCode!, body, connection: res.headers.connection ?? null, error: null }),
      );
      res.on("error", (e) => finish({ status: res.statusCode!, body, connection: null, error: e.message }));
    });
    req.on("error", (e) => finish({ status: 0, body: "", connection: null, error: e.message }));
    void (async () => {
      while (!done && sent < total) {
        const piece = chunk.subarray(0, Math.min(chunk.length, total - sent));
        sent += piece.length;
        if (!req.write(piece)) await drained(req);
      }
      if (!done) req.end();
    })();
  });
}

for (const engine of enginesUnderTest()) {
  describe(`request bodies against a running server [${engine}]`, () => {
    let app: RunningApp;
    let base = "";
    let dropDb = async () => {};
    let cookie = "";

    const form = (type = "application/x-www-form-urlencoded") => ({ Origin: base, "Content-Type": type });
    const postForm = (p: string, fields: URLSearchParams, extra: Record<string, string> = {}) =>
      fetch(base + p, { method: "POST", redirect: "manual", headers: { ...form(), ...extra }, body: fields });
    const page = async (p: string) => (await fetch(base + p, { headers: { Cookie: cookie } })).text();

    beforeAll(async () => {
      const buildError = buildIfStale(ROOT);
      if (buildError) throw new Error(buildError);
      const db = await newAppDatabase(engine, { USER_PASSWORD: EDITOR.password });
      dropDb = db.drop;
      await runProjectScript(db.env, "scripts/user-create.ts", [
        "--email",
        EDITOR.email,
        "--org",
        "Request Bodies Coalition",
        "--role",
        "editor",
      ]);
      app = await startApp(db.start);
      base = app.baseUrl;
    }, 300_000);

    afterAll(async () => {
      await app?.stop();
      await dropDb();
    });

    it("signs in with a legitimate form, sent whole or chunked", async () => {
      const fields = new URLSearchParams({ email: EDITOR.email, password: EDITOR.password });
      const res = await postForm("/login", fields);
      expect(res.status).toBe(302);
      cookie = (res.headers.get("set-cookie") ?? "").split(";")[0]!;
      expect(cookie).toMatch(/^upr_session=./);
      const chunked = await post(`${base}/login`, fields.toString().length, form(), Buffer.from(fields.toString()));
      expect(chunked).toMatchObject({ status: 302, error: null });
      // As the browser's script sends it (Remix's single fetch): the redirect comes in the answer.
      const script = await postForm("/login.data", fields);
      expect(script.status).toBe(202);
      expect(script.headers.get("x-remix-response")).toBe("yes");
      expect(await script.text()).toContain('"redirect","/"');
    });

    it("answers a 400 MB chunked POST to /login with 413 within seconds, without holding it", async () => {
      const { result, before, peak, after } = await watchMemory(app.pid, () =>
        post(`${base}/login`, ATTACK_BYTES, form()),
      );
      expect(result).toMatchObject({
        status: 413,
        body: "This form is too large: at most 512 KB. Nothing was saved.\n",
        connection: "close",
        error: null,
      });
      expect(result.ms).toBeLessThan(5_000);
      expect(result.sent).toBeLessThan(64 * MB);
      expect(peak - before).toBeLessThan(50);
      console.log(
        `request bodies [${engine}]: one 400 MB chunked POST /login: 413 after ${result.ms} ms and ${(result.sent / MB).toFixed(1)} MB sent; ` +
          `server RSS ${before.toFixed(0)} MB before, peak +${(peak - before).toFixed(1)} MB, after +${(after - before).toFixed(1)} MB`,
      );
    });

    it("answers eight at once the same way, and serves pages afterwards", async () => {
      const { result, before, peak, after } = await watchMemory(app.pid, () =>
        Promise.all(Array.from({ length: 8 }, () => post(`${base}/login`, ATTACK_BYTES, form()))),
      );
      for (const answer of result) {
        expect(answer).toMatchObject({ status: 413, connection: "close", error: null });
        expect(answer.ms).toBeLessThan(10_000);
      }
      expect(peak - before).toBeLessThan(50);
      expect(after - before).toBeLessThan(50);
      const home = await fetch(`${base}/`);
      expect(home.status).toBe(200);
      expect(await home.text()).toContain("UPR Monitor");
      const slowest = Math.max(...result.map((a) => a.ms));
      const sent = result.reduce((n, a) => n + a.sent, 0);
      console.log(
        `request bodies [${engine}]: eight 400 MB chunked POSTs /login at once: all 413, the slowest after ${slowest} ms, ` +
          `${(sent / MB).toFixed(1)} MB sent in all; server RSS ${before.toFixed(0)} MB before, peak +${(peak - before).toFixed(1)} MB, after +${(after - before).toFixed(1)} MB`,
      );
    });

    it("answers a declared Content-Length over the bound at once, unread", async () => {
      const plain = await post(`${base}/login`, 0, { ...form(), "Content-Length": 10 ** 9 });
      expect(plain).toEqual({
        status: 413,
        body: "This form is too large: at most 512 KB. Nothing was saved.\n",
        connection: "close",
        ms: plain.ms,
        sent: 0,
        error: null,
      });
      expect(plain.ms).toBeLessThan(2_000);
      const browser = await post(`${base}/setup`, 0, {
        ...form(),
        "Content-Length": 512 * 1024 + 1,
        Accept: "text/html,application/xhtml+xml,*/*;q=0.8",
      });
      expect(browser.status).toBe(413);
      expect(browser.body).toContain("<p>This form is too large: at most 512 KB. Nothing was saved.</p>");
      // The word count answers a declared size over its bound in its own page, without reading.
      const wordCount = await post(`${base}/tools/word-count`, 0, {
        ...form("multipart/form-data; boundary=x"),
        "Content-Length": 11 * MB,
        Accept: "text/html",
      });
      expect(wordCount.status).toBe(413);
      expect(wordCount.body).toContain("The file is larger than 10 MB.");
      expect(wordCount.connection).toBe("close");
    });

    it("a route that answers before reading (a stranger's upload) answers at once; the rest of the body is not waited for", async () => {
      const answer = await post(`${base}/import`, ATTACK_BYTES, form("multipart/form-data; boundary=x"));
      expect(answer).toMatchObject({ status: 403, connection: "close", error: null });
      expect(answer.body).toContain("Sign in to do this.");
      expect(answer.ms).toBeLessThan(5_000);
      expect(answer.sent).toBeLessThan(64 * MB);
    });

    it("still takes the largest legitimate forms: an assessment's evidence, a submission's text", async () => {
      const list = await page("/recommendations");
      const id = Number(/href="\/recommendations\/(\d+)"/.exec(list)![1]);
      const recPage = await page(`/recommendations/${id}`);
      const organisationId = /name="organisationId"[^>]*>\s*<option[^>]*value="(\d+)"/.exec(recPage)![1]!;
      const basedOn = /name="basedOn" value="(\d+)"/.exec(recPage)![1]!;
      const evidence = "证".repeat(20_000); // 180 KB once encoded
      const assessment = new URLSearchParams({
        intent: "record",
        basedOn,
        status: "in_progress",
        asOf: new Date().toISOString().slice(0, 10),
        evidence,
        sourceUrls: "https://example.org/report",
        organisationId,
      });
      expect(Buffer.byteLength(assessment.toString())).toBeGreaterThan(180_000);
      const saved = await postForm(`/recommendations/${id}`, assessment, { Cookie: cookie });
      expect(saved.status).toBe(303);
      expect(await page(`/recommendations/${id}`)).toContain(evidence);

      const submissions = await page("/submissions");
      const state = /name="state"[\s\S]*?<option[^>]*value="([A-Z]{3})"/.exec(submissions)![1]!;
      const body = "é".repeat(400_000); // 2.4 MB once encoded: over the form bound, within the submission bound
      const submission = new URLSearchParams({
        title: "A long joint submission",
        kind: "joint",
        state,
        cycle: "4",
        organisations: "Request Bodies Coalition",
        body,
        footnotes: "",
      });
      expect(Buffer.byteLength(submission.toString())).toBeGreaterThan(2 * MB);
      const created = await postForm("/submissions", submission, { Cookie: cookie });
      expect(created.status).toBe(303);
      expect(created.headers.get("location")).toMatch(/^\/submissions\/\d+\?created=1$/);
    });
  });
}
