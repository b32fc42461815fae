// The /import page: upload, preview (a dry run), choose another encoding, import; only for signed-in
// editors and admins. The route's loader and action are called with real multipart Requests.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { seed } from "~/models/seed.server";
import { undoImport } from "~/import/store/import-runs.server";
import { setDb } from "~/db.server";
import { MAX_UPLOAD_BYTES, setUploadRootForTesting } from "~/import/uploads.server";
import { createUser } from "~/models/users.server";
import * as importRoute from "~/routes/import";
import type { ImportActionResult } from "~/routes/import";
import { createUserSession, setSessionSecretsForTesting } from "~/http/session.server";
import { snapshotDb } from "../helpers/db-snapshot";
import { ORIGIN, run } from "../helpers/requests";
import { describeEachEngine } from "../helpers/test-db";
import { kenyaSeed } from "../helpers/kenya-report";

const SECRET = "test-secret-import-0123456789abcdef0123456789";
const EXCERPT = fs.readFileSync(
  path.resolve(import.meta.dirname, "../fixtures/import/uprinfo-kenya-session8-excerpt.csv"),
);
const SAMPLES = path.resolve(import.meta.dirname, "../../../shared/samples");
const NATIVE = fs.readFileSync(
  path.resolve(import.meta.dirname, "../fixtures/import/native-kenya-cycle1-excerpt.csv"),
  "utf8",
);

function upload(
  fields: Record<string, string>,
  file: { name: string; bytes: Buffer } | null,
  options: { cookie?: string; origin?: string } = {},
): Request {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  if (file) form.append("file", new File([new Uint8Array(file.bytes)], file.name, { type: "text/csv" }));
  const headers = new Headers({ Origin: options.origin ?? ORIGIN });
  if (options.cookie) headers.set("Cookie", options.cookie);
  return new Request(`${ORIGIN}/import`, { method: "POST", body: form, headers });
}

function post(fields: Record<string, string>, cookie?: string): Request {
  const headers = new Headers({ Origin: ORIGIN, "Content-Type": "application/x-www-form-urlencoded" });
  if (cookie) headers.set("Cookie", cookie);
  return new Request(`${ORIGIN}/import`, { method: "POST", body: new URLSearchParams(fields), headers });
}

const act = (request: Request) => run(importRoute.action({ request, params: {}, context: {} }));
const load = (request: Request) => run(importRoute.loader({ request, params: {}, context: {} }));

describeEachEngine("import page", (t) => {
  let uploads: string;
  let editorCookie: string;
  let adminCookie: string;
  const stored = () => (fs.existsSync(uploads) ? fs.readdirSync(uploads) : []);

  async function cookieFor(email: string, role: "editor" | "admin"): Promise<string> {
    const created = await createUser(
      t.db,
      { email, password: "a long enough password", role, organisation: { name: "Stop the Traffik Kenya" } },
      { userId: null },
    );
    if (!created.ok) throw new Error(created.error);
    const response = await createUserSession({
      request: new Request(`${ORIGIN}/login`),
      userId: created.user.id,
      sessionVersion: 1,
    });
    return response.headers.get("Set-Cookie")!.split(";")[0];
  }

  beforeAll(async () => {
    setDb(Promise.resolve(t.handle));
    setSessionSecretsForTesting([SECRET]);
    uploads = fs.mkdtempSync(path.join(os.tmpdir(), "upr-import-web-"));
    setUploadRootForTesting(uploads);
    await seed(t.db);
    editorCookie = await cookieFor("editor@example.org", "editor");
    adminCookie = await cookieFor("admin@example.org", "admin");
  });
  afterAll(() => {
    setUploadRootForTesting(null);
    fs.rmSync(uploads, { recursive: true, force: true });
  });

  it("anonymous visitors and other sites get no page and can import nothing (403), and nothing is stored", async () => {
    expect((await load(new Request(`${ORIGIN}/import`))).status).toBe(302);
    const before = await snapshotDb(t.db);
    const anonymous = await act(upload({ intent: "import" }, { name: "excerpt.csv", bytes: EXCERPT }));
    expect(anonymous.status).toBe(403);
    const foreign = await act(
      upload(
        { intent: "preview" },
        { name: "excerpt.csv", bytes: EXCERPT },
        { cookie: editorCookie, origin: "https://evil.example" },
      ),
    );
    expect(foreign.status).toBe(403);
    expect(await snapshotDb(t.db)).toEqual(before);
    expect(stored()).toEqual([]);
  });

  it("an editor uploads, previews (nothing written), previews again with another encoding, then imports", async () => {
    expect(await load(new Request(`${ORIGIN}/import`, { headers: { Cookie: editorCookie } }))).toMatchObject({
      status: 200,
      body: { maxMb: 60 },
    });
    const before = await snapshotDb(t.db);
    const preview = await act(
      upload(
        { intent: "preview", format: "auto", encoding: "auto", delimiter: "auto" },
        { name: "excerpt.csv", bytes: EXCERPT },
        { cookie: editorCookie },
      ),
    );
    expect(preview.status).toBe(200);
    const p = preview.body as Extract<ImportActionResult, { kind: "preview" }>;
    expect(p.kind).toBe("preview");
    expect(p.upload).toMatchObject({ fileName: "excerpt.csv", size: EXCERPT.length });
    expect(p.summary.detected).toMatchObject({
      format: "upr-info",
      encoding: "utf-8",
      delimiter: ",",
      lineEnding: "CR",
    });
    // The seeded database holds the Working Group report of the same review: the rows merge into it, none is new.
    expect(p.summary).toMatchObject({
      rows: 13,
      inserted: 0,
      merged: 0,
      planned: { inserted: 0, updated: 0 },
      errorCount: 0,
      dryRun: true,
      committed: false,
    });
    const merged = p.summary.planned.merged;
    expect(merged + p.summary.uncertainCount).toBe(13);
    expect(p.summary.preview).toHaveLength(10);
    expect(p.summary.preview[0]).toMatchObject({
      row: 2,
      stateUnderReview: "Kenya",
      cycle: 1,
      session: 8,
      recommendingStates: ["Algeria"],
      text: "Consider ratifying ICRMW",
      response: "supported",
      actionCategory: 3,
      outcome: "merged",
    });
    expect(await snapshotDb(t.db)).toEqual(before);
    expect(stored()).toEqual([p.upload.id]);

    const again = await act(
      post(
        { intent: "preview", uploadId: p.upload.id, format: "upr-info", encoding: "macintosh", delimiter: "comma" },
        editorCookie,
      ),
    );
    expect(again.body).toMatchObject({
      kind: "preview",
      choices: { format: "upr-info", encoding: "macintosh", delimiter: "comma" },
      summary: { encoding: "macintosh", planned: { merged } },
    });

    const done = await act(
      post(
        { intent: "import", uploadId: p.upload.id, format: "auto", encoding: "auto", delimiter: "auto" },
        editorCookie,
      ),
    );
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({
      kind: "imported",
      fileName: "excerpt.csv",
      summary: { inserted: 0, merged, committed: true },
    });
    expect(stored()).toEqual([]); // deleted after the import
    const audit = await t.db
      .selectFrom("audit_log")
      .select(["user_id", "after"])
      .where("action", "=", "recommendations.imported")
      .executeTakeFirstOrThrow();
    expect(audit.after).toMatchObject({ file: "excerpt.csv", format: "upr-info", inserted: 0, merged });
    expect(audit.user_id).not.toBeNull();

    // The same file again, by an admin: nothing new.
    const repeat = await act(
      upload({ intent: "preview" }, { name: "excerpt.csv", bytes: EXCERPT }, { cookie: adminCookie }),
    );
    expect(repeat.body).toMatchObject({
      kind: "preview",
      summary: { planned: { inserted: 0, merged: 0, unchanged: merged } },
    });
  });

  it("errors are listed by row and column, and importing is refused (422) with nothing written", async () => {
    const bad = NATIVE.replace(",noted,,,", ",perhaps,,,").replace(
      "KEN,1,8,A/HRC/15/8,101.12,",
      "KEN,1,99,A/HRC/15/8,101.12,",
    );
    const before = await snapshotDb(t.db);
    const preview = await act(
      upload({ intent: "preview" }, { name: "native.csv", bytes: Buffer.from(bad) }, { cookie: editorCookie }),
    );
    const p = preview.body as Extract<ImportActionResult, { kind: "preview" }>;
    expect(p.summary.errors).toEqual([
      { row: 3, column: "session", message: expect.stringMatching(/^Session "99" is not valid/) },
      { row: 6, column: "response", message: expect.stringMatching(/^Response "perhaps" is not known/) },
    ]);
    const refused = await act(post({ intent: "import", uploadId: p.upload.id }, editorCookie));
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({
      kind: "preview",
      refused: true,
      summary: { errorCount: 2, committed: false },
    });
    expect(await snapshotDb(t.db)).toEqual(before);
  });

  it("a state name we do not know is asked about: nothing is written until it has an answer, then the answer holds", async () => {
    // The excerpt's paragraph 101.12 recommended by a name that is no state.
    const named = NATIVE.replace(/^(KEN,1,8,A\/HRC\/15\/8,101\.12,)[^,]*,/m, "$1Freedonia,");
    expect(named).not.toEqual(NATIVE);
    const before = await snapshotDb(t.db);
    const preview = await act(
      upload({ intent: "preview" }, { name: "named.csv", bytes: Buffer.from(named) }, { cookie: editorCookie }),
    );
    const p = preview.body as Extract<ImportActionResult, { kind: "preview" }>;
    expect(p.summary.unknownStates).toEqual([
      { name: "Freedonia", field: "recommendingStates", rows: 1, firstRow: expect.any(Number) },
    ]);
    // Imported without an answer: refused, nothing written.
    const refused = await act(post({ intent: "import", uploadId: p.upload.id }, editorCookie));
    expect(refused.body).toMatchObject({ summary: { committed: false } });
    expect(await snapshotDb(t.db)).toEqual(before);
    // A bad answer is no answer; a state's code is.
    const bad = await act(
      post(
        { intent: "preview", uploadId: p.upload.id, "stateName.0": "Freedonia", "stateChoice.0": "<script>" },
        editorCookie,
      ),
    );
    expect((bad.body as typeof p).summary.unknownStates).toHaveLength(1);
    const answered = await act(
      post(
        { intent: "import", uploadId: p.upload.id, "stateName.0": "Freedonia", "stateChoice.0": "fra" },
        editorCookie,
      ),
    );
    expect(answered.body).toMatchObject({ kind: "imported", summary: { committed: true, unknownStates: [] } });
    const states = await t.db
      .selectFrom("recommendation_recommending_state as rrs")
      .innerJoin("recommendation as r", "r.id", "rrs.recommendation_id")
      .innerJoin("state as s", "s.id", "rrs.state_id")
      .where("r.paragraph", "=", "101.12")
      .select("s.iso3")
      .execute();
    expect(states.map((s) => s.iso3)).toContain("FRA");
    expect(
      await t.db.selectFrom("state").select("id").where("name", "=", "Freedonia").executeTakeFirst(),
    ).toBeUndefined();
    // Undone, so that the tests after this one find the database as it was.
    const importId = (answered.body as { summary: { importId: number } }).summary.importId;
    expect(await undoImport(t.db, importId, null)).toMatchObject({ kind: "undone" });
  });

  it("no file, an unknown upload, a file over the limit: a message, nothing written or kept", async () => {
    const before = await snapshotDb(t.db);
    const none = await act(upload({ intent: "preview" }, null, { cookie: editorCookie }));
    expect(none).toMatchObject({
      status: 400,
      body: { kind: "invalid", message: "Choose a file to import, or paste the recommendations of a report." },
    });
    const gone = await act(post({ intent: "import", uploadId: "0123456789abcdef0123456789abcdef" }, editorCookie));
    expect(gone).toMatchObject({
      status: 400,
      body: { kind: "invalid", message: expect.stringMatching(/no longer on the server/) },
    });
    const leftover = stored();
    const big = await act(
      upload(
        { intent: "preview" },
        { name: "big.csv", bytes: Buffer.alloc(MAX_UPLOAD_BYTES + 1, 0x41) },
        { cookie: editorCookie },
      ),
    );
    expect(big).toMatchObject({
      status: 413,
      body: { kind: "invalid", message: expect.stringMatching(/larger than 60 MB/) },
    });
    expect(stored()).toEqual(leftover);
    expect(await snapshotDb(t.db)).toEqual(before);
  });

  it.skipIf(!fs.existsSync(SAMPLES))(
    "the real samples import with the defaults on the web: the matrix, then UPR Info's export merging into the seeded report",
    async () => {
      const matrix = fs.readFileSync(path.join(SAMPLES, "ohchr-matrix-slovenia-cycle3.docx"));
      const preview = await act(
        upload(
          { intent: "preview" },
          { name: "ohchr-matrix-slovenia-cycle3.docx", bytes: matrix },
          { cookie: adminCookie },
        ),
      );
      const p = preview.body as Extract<ImportActionResult, { kind: "preview" }>;
      expect(p.summary).toMatchObject({ format: "ohchr-matrix", errorCount: 0, planned: { inserted: 215 } });
      expect(p.summary.detected).toMatchObject({ container: "docx" });
      const done = await act(post({ intent: "import", uploadId: p.upload.id }, adminCookie));
      expect(done.body).toMatchObject({ kind: "imported", isAdmin: true, summary: { inserted: 215, committed: true } });

      const sample = fs.readFileSync(path.join(SAMPLES, "uprinfo-export-kenya-session8.csv"));
      const uprPreview = await act(
        upload(
          { intent: "preview" },
          { name: "uprinfo-export-kenya-session8.csv", bytes: sample },
          { cookie: editorCookie },
        ),
      );
      const u = uprPreview.body as Extract<ImportActionResult, { kind: "preview" }>;
      expect(u.summary).toMatchObject({ format: "upr-info", errorCount: 0, uncertainCount: 1 });
      // The uncertain row, answered on the page: the same as its best candidate.
      const row = u.summary.uncertain[0];
      const imported = await act(
        post(
          { intent: "import", uploadId: u.upload.id, [`match.${row.row}`]: String(row.candidates[0].id) },
          editorCookie,
        ),
      );
      expect(imported.body).toMatchObject({
        kind: "imported",
        isAdmin: false,
        summary: { inserted: 0, uncertainCount: 0, committed: true },
      });
      const kenya = await t.db
        .selectFrom("recommendation as r")
        .innerJoin("review as v", "v.id", "r.review_id")
        .innerJoin("state as s", "s.id", "v.state_id")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("s.iso3", "=", "KEN")
        .where("v.cycle", "=", 1)
        .executeTakeFirstOrThrow();
      expect(Number(kenya.n)).toBe(150);
    },
  );

  it("a report's recommendations pasted into the page, with the state and session given", async () => {
    const rows = kenyaSeed()
      .slice(0, 3)
      .map((r) => `${r.paragraph} ${r.recommendation}`);
    const form = new FormData();
    for (const [k, v] of Object.entries({ intent: "preview", text: rows.join("\n"), state: "Kenya", session: "8" }))
      form.append(k, v);
    const response = await act(
      new Request(`${ORIGIN}/import`, {
        method: "POST",
        body: form,
        headers: { Origin: ORIGIN, Cookie: editorCookie },
      }),
    );
    const p = response.body as Extract<ImportActionResult, { kind: "preview" }>;
    expect(p.kind).toBe("preview");
    expect(p.summary).toMatchObject({ format: "wg-report", errorCount: 0, rows: 3 });
    expect(p.summary.detected).toMatchObject({ container: "text" });
    expect(p.summary.preview.map((r) => r.paragraph)).toEqual(["101.1", "101.2", "101.3"]);
  });
});
