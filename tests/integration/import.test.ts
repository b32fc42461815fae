// Importing recommendations into the database (app/import/store/import.server.ts): the rules of the issue
// "Import recommendations from real files", on both engines.
import fs from "node:fs";
import path from "node:path";
import iconv from "iconv-lite";
import { sql } from "kysely";
import { afterEach, beforeAll, expect, it } from "vitest";
import { seed } from "~/models/seed.server";
import { importFile, type ImportProgress } from "~/import/store/import.server";
import { excerptRows } from "../../bench/lib/uprinfo-file";
import { snapshotDb } from "../helpers/db-snapshot";
import { describeEachEngine } from "../helpers/test-db";

const ROOT = path.resolve(import.meta.dirname, "../..");
const FIXTURES = path.join(ROOT, "tests/fixtures/import");
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name));

/** A UPR Info file (To-header) of the excerpt's rows, each row's raw cells changed by `edit`. */
function uprInfoFile(edit: (cells: string[], i: number) => string[] | null = (c) => c, eol = "\r\n"): Buffer {
  const { header, rows } = excerptRows();
  const lines = rows
    .map((cells, i) => edit([...cells], i))
    .filter((c): c is string[] => c !== null)
    .map((c) => c.join(","));
  return Buffer.from([header, ...lines].join(eol) + eol, "utf8");
}

describeEachEngine("import", (t) => {
  let kenyaCycle1: number;

  const countWhere = async (format: string) =>
    (
      await t.db
        .selectFrom("recommendation")
        .select(sql<number>`count(*)::int`.as("n"))
        .where("source_format", "=", format as "native")
        .executeTakeFirstOrThrow()
    ).n;

  // The seeded database with its recommendations removed: these tests import one source into reviews
  // that hold none (a second source merging into what is held: import-merge.test.ts).
  const clearRecommendations = async () => {
    await t.db.deleteFrom("import_change").execute();
    await t.db.deleteFrom("import_run").execute();
    await t.db.deleteFrom("recommendation").execute();
  };
  // Each test starts from reviews that hold no recommendation.
  afterEach(clearRecommendations);

  beforeAll(async () => {
    await seed(t.db);
    await clearRecommendations();
    kenyaCycle1 = (
      await t.db
        .selectFrom("review as r")
        .innerJoin("state as s", "s.id", "r.state_id")
        .select("r.id")
        .where("s.iso3", "=", "KEN")
        .where("r.cycle", "=", 1)
        .executeTakeFirstOrThrow()
    ).id;
  });

  it("importing the seed file in the native template inserts 150; again, finds all 150 unchanged", async () => {
    const seedFile = path.join(ROOT, "seed-data/kenya-cycle1-recommendations.csv");
    expect(await importFile(t.db, seedFile)).toMatchObject({ inserted: 150, committed: true });
    const before = await snapshotDb(t.db);
    const s = await importFile(t.db, seedFile);
    expect(s).toMatchObject({
      format: "native",
      rows: 150,
      inserted: 0,
      updated: 0,
      unchanged: 150,
      errorCount: 0,
      importId: null,
    });
    expect(await snapshotDb(t.db)).toEqual(before);
  });

  it("a dry run reports what would change and writes nothing", async () => {
    const before = await snapshotDb(t.db);
    const s = await importFile(t.db, fixture("uhri-kenya-cycle1-excerpt.json"), {}, { dryRun: true });
    // A summary never reports rows as inserted when nothing was committed: it says what would have been, and why not.
    expect(s).toMatchObject({
      format: "uhri",
      inserted: 0,
      planned: { inserted: 5 },
      skipped: 1,
      dryRun: true,
      committed: false,
      errorCount: 0,
    });
    expect(s.notCommitted).toMatch(/preview/);
    expect(s.preview.map((p) => p.outcome)).toEqual(["new", "new", "new", "new", "new"]);
    expect(await snapshotDb(t.db)).toEqual(before);
  });

  it("a preview of many rows writes no row at all, not even one it rolls back (the id sequence stays where it was)", async () => {
    const sequence = async () =>
      (await sql<{ v: string }>`select last_value::text as v from recommendation_id_seq`.execute(t.db)).rows[0].v;
    const file = uprInfoFile((c) => [...c.slice(0, 10), "21"]);
    const body = file.toString("utf8").split("\r\n");
    const many = Buffer.from(
      [body[0], ...Array.from({ length: 100 }, () => body.slice(1, -1)).flat()].join("\r\n") + "\r\n",
    );
    const before = await sequence();
    const s = await importFile(t.db, many, {}, { dryRun: true, batchSize: 200 });
    expect(s).toMatchObject({ rows: 1300, inserted: 0, planned: { inserted: 1300 }, committed: false });
    expect(await sequence()).toBe(before);
  });

  it("UHRI export: only UPR recommendations, paragraph from the start of Text, HTML removed; repeatable", async () => {
    const s = await importFile(t.db, fixture("uhri-kenya-cycle1-excerpt.json"));
    expect(s).toMatchObject({ format: "uhri", rows: 6, inserted: 5, skipped: 1, committed: true });
    expect(s.skippedReasons).toEqual([{ reason: 'Not a UPR record (Body: "CRC").', count: 1, firstRows: [5] }]);
    const rows = await t.db
      .selectFrom("recommendation")
      .select(["paragraph", "text", "response", "review_id"])
      .where("source_format", "=", "uhri")
      .orderBy("id")
      .execute();
    expect(rows.map((r) => r.paragraph)).toEqual(["101.1", "101.12", "102.1", "102.3", "103.5"]);
    expect(rows[1].text).toMatch(/^Continue to implement the core elements of the Children’s Act, which/);
    expect(rows[1].text).not.toMatch(/<|&rsquo;/);
    expect(rows.map((r) => r.response)).toEqual(["supported", "supported", "noted", "pending", "noted"]);
    expect(new Set(rows.map((r) => r.review_id))).toEqual(new Set([kenyaCycle1]));
    const again = await importFile(t.db, fixture("uhri-kenya-cycle1-excerpt.json"));
    expect(again).toMatchObject({ inserted: 0, unchanged: 5, skipped: 1 });
  });

  it("native template: a changed text, response or annotation for the same paragraph is an update, with an audit entry; issue slugs become links", async () => {
    await importFile(t.db, path.join(ROOT, "seed-data/kenya-cycle1-recommendations.csv"));
    const auditBefore = (
      await t.db.selectFrom("audit_log").select("id").where("action", "=", "recommendation.updated").execute()
    ).length;
    const s = await importFile(t.db, fixture("native-kenya-cycle1-excerpt.csv"), {}, { userId: null });
    // The excerpt's rows are seed rows (same paragraphs), some with an action category, themes and issues added.
    expect(s).toMatchObject({ format: "native", rows: 10, inserted: 0, errorCount: 0, committed: true });
    expect(s.updated + s.unchanged).toBe(10);
    expect(s.updated).toBeGreaterThan(0);
    const row = await t.db
      .selectFrom("recommendation")
      .select(["id", "action_category", "themes"])
      .where("source_format", "=", "native")
      .where("source_key", "=", "KEN:1:101.1")
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ action_category: 5, themes: ["International instruments", "Migrants"] });
    const links = await t.db
      .selectFrom("recommendation_issue as ri")
      .innerJoin("coalition_issue as i", "i.id", "ri.issue_id")
      .select("i.slug")
      .where("ri.recommendation_id", "=", row.id)
      .execute();
    expect(links.map((l) => l.slug)).toContain("legal-policy-frameworks");
    const audit = await t.db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "recommendation.updated")
      .where("entity_id", "=", String(row.id))
      .executeTakeFirstOrThrow();
    expect(audit.before).toMatchObject({ actionCategory: null, themes: [], issues: [] });
    expect(audit.after).toMatchObject({
      actionCategory: 5,
      themes: ["International instruments", "Migrants"],
      issues: ["legal-policy-frameworks"],
    });
    expect(
      (await t.db.selectFrom("audit_log").select("id").where("action", "=", "recommendation.updated").execute()).length,
    ).toBe(auditBefore + s.updated);

    // A changed response (and text) for the same source key: an update, audited.
    const text = fixture("native-kenya-cycle1-excerpt.csv").toString("utf8");
    const lines = text.split("\n");
    const i = lines.findIndex((l) => l.includes(",102.1,"));
    lines[i] = lines[i].replace(",noted,", ",supported,");
    const changed = await importFile(t.db, Buffer.from(lines.join("\n")));
    expect(changed).toMatchObject({ updated: 1, unchanged: 9, inserted: 0 });
    const updated = await t.db
      .selectFrom("recommendation")
      .select(["id", "response"])
      .where("source_key", "=", "KEN:1:102.1")
      .executeTakeFirstOrThrow();
    expect(updated.response).toBe("supported");
    const entry = await t.db
      .selectFrom("audit_log")
      .selectAll()
      .where("entity_id", "=", String(updated.id))
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect(entry).toMatchObject({
      action: "recommendation.updated",
      entity: "recommendation",
      before: { response: "noted" },
      after: { response: "supported" },
    });

    // A changed text for the same paragraph (two real texts swapped between paragraphs 102.1 and 102.3).
    const cells = (l: string) => l.split(",");
    const [a, b] = [lines.findIndex((l) => l.includes(",102.1,")), lines.findIndex((l) => l.includes(",102.3,"))];
    const swapped = [...lines];
    swapped[a] = [...cells(lines[a]).slice(0, 6), cells(lines[b])[6], ...cells(lines[a]).slice(7)].join(",");
    swapped[b] = [...cells(lines[b]).slice(0, 6), cells(lines[a])[6], ...cells(lines[b]).slice(7)].join(",");
    expect(await importFile(t.db, Buffer.from(swapped.join("\n")))).toMatchObject({ updated: 2, unchanged: 8 });
    const textEntry = await t.db
      .selectFrom("audit_log")
      .selectAll()
      .where("entity_id", "=", String(updated.id))
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect(textEntry).toMatchObject({
      action: "recommendation.updated",
      before: {
        text: "Accede to the human rights conventions and protocols to which Kenya is not yet a party (Niger);",
      },
      after: { text: "Ratify the optional protocols to ICCPR (Austria);" },
    });

    // Back again; and a file that lacks most rows deletes nothing.
    const total = await countWhere("native");
    expect(await importFile(t.db, fixture("native-kenya-cycle1-excerpt.csv"))).toMatchObject({
      updated: 2,
      unchanged: 8,
    });
    const one = [lines[0], lines[1]].join("\n") + "\n";
    expect(await importFile(t.db, Buffer.from(one))).toMatchObject({ rows: 1, unchanged: 1 });
    expect(await countWhere("native")).toBe(total);
  });

  it("native template: an unknown coalition issue slug rejects the row, naming the issues column", async () => {
    const text = fixture("native-kenya-cycle1-excerpt.csv")
      .toString("utf8")
      .replace("legal-policy-frameworks", "no-such-issue");
    const before = await snapshotDb(t.db);
    const s = await importFile(t.db, Buffer.from(text));
    expect(s.committed).toBe(false);
    expect(s.rejected).toBe(1);
    expect(s.errors).toEqual([
      {
        row: 2,
        column: "issues",
        message: expect.stringMatching(/^Unknown coalition issue "no-such-issue": the issues are .*trafficking-data/),
      },
    ]);
    expect(await snapshotDb(t.db)).toEqual(before);
  });

  it("UPR Info: both header variants give the same recommendations", async () => {
    const first = await importFile(t.db, fixture("uprinfo-kenya-session8-excerpt.csv"));
    expect(first.errorCount).toBe(0);
    const before = await snapshotDb(t.db);
    const original = await importFile(t.db, fixture("uprinfo-original-header-excerpt.csv"));
    expect(original).toMatchObject({ format: "upr-info", rows: 13, inserted: 0, unchanged: 13, errorCount: 0 });
    expect(await snapshotDb(t.db)).toEqual(before);
  });

  it("files as spreadsheets save them (Windows-1252, Mac Roman, UTF-8 with BOM; CRLF, CR; semicolons, tabs) give the same recommendations; the encoding can be overridden", async () => {
    // The native excerpt has curly quotes and accents: a wrong decoding would change the texts.
    const native = fixture("native-kenya-cycle1-excerpt.csv").toString("utf8");
    await importFile(t.db, Buffer.from(native));
    const { header, rows } = excerptRows();
    await importFile(t.db, uprInfoFile());
    const before = await snapshotDb(t.db);

    const outsideQuotes = /,(?=(?:[^"]*"[^"]*")*[^"]*$)/gm;
    const uprInfoLines = [header, ...rows.map((c) => c.join(","))];
    const variants: [Buffer, object, number][] = [
      [
        iconv.encode(native.replace(/\n/g, "\r\n"), "windows-1252"),
        { encoding: "windows-1252", lineEnding: "CRLF" },
        10,
      ],
      [iconv.encode(native.replace(/\n/g, "\r"), "macintosh"), { encoding: "macintosh", lineEnding: "CR" }, 10],
      [
        Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(native)]),
        { encoding: "utf-8", lineEnding: "LF" },
        10,
      ],
      [
        Buffer.from(uprInfoLines.map((l) => l.replace(outsideQuotes, ";")).join("\r\n")),
        { delimiter: ";", lineEnding: "CRLF" },
        13,
      ],
      [
        Buffer.from(uprInfoLines.map((l) => l.replace(outsideQuotes, "\t")).join("\n")),
        { delimiter: "\t", lineEnding: "LF" },
        13,
      ],
    ];
    for (const [bytes, detected, count] of variants) {
      const s = await importFile(t.db, bytes);
      expect(s.detected).toMatchObject(detected);
      // A UPR Info row that may be a row of one of the native excerpt's paragraphs is left out each time (uncertain).
      expect(s).toMatchObject({ inserted: 0, updated: 0, merged: 0, errorCount: 0 });
      expect(s.unchanged + s.uncertainCount).toBe(count);
    }
    expect(await snapshotDb(t.db)).toEqual(before);

    // The user's choice wins over detection: Mac Roman bytes read as Windows-1252 change the texts.
    const overridden = await importFile(t.db, variants[1][0], { encoding: "windows-1252" }, { dryRun: true });
    expect(overridden.detected?.encoding).toBe("windows-1252");
    expect(overridden.planned.updated).toBe(4); // the rows with curly quotes or accents
    expect(overridden.updated).toBe(0);
    expect(await snapshotDb(t.db)).toEqual(before);
  });

  it("UPR Info: identical rows in one file are distinct recommendations, kept both (and again: unchanged)", async () => {
    const file = uprInfoFile((c, i) => (i < 2 ? c : null));
    const doubled = Buffer.concat([file, Buffer.from(file.toString("utf8").split("\r\n").slice(1).join("\r\n"))]);
    await importFile(t.db, uprInfoFile());
    const s = await importFile(t.db, doubled, { format: "upr-info" });
    // The first two rows exist already from the excerpt; their second copies are new.
    expect(s).toMatchObject({ rows: 4, inserted: 2, unchanged: 2, errorCount: 0 });
    expect(await importFile(t.db, doubled)).toMatchObject({ inserted: 0, unchanged: 4 });
  });

  it("UPR Info: responses, action, issues, session; voluntary pledges kept apart; an unknown state name is asked about, then answered", async () => {
    // Rows of the excerpt for another review (Kenya's cycle-2 review exists from the seed; Albania's
    // cycle-1 review does not): responses in their older spellings, a pledge, an unknown state name.
    const file = uprInfoFile((c, i) => {
      if (i >= 6) return null;
      c[0] = "Albania";
      c[1] = "EEG";
      c[10] = "2";
      if (i === 0) c[7] = "Rejected";
      if (i === 1) c[7] = "Not Supported";
      if (i === 2) c[7] = "Supported";
      if (i === 3) c[4] = "Voluntary Pledge";
      if (i === 4) [c[4], c[5]] = ["Freedonia", "WEOG"];
      return c;
    });
    // "Freedonia" is no state: the import writes nothing and asks about it.
    const asked = await importFile(t.db, file);
    expect(asked).toMatchObject({ committed: false, errorCount: 0, planned: { inserted: 5 } });
    expect(asked.unknownStates).toEqual([{ name: "Freedonia", field: "recommendingStates", rows: 1, firstRow: 6 }]);
    expect(asked.notCommitted).toMatch(/a state name in the file match(es)? no state we know/);
    expect(
      await t.db.selectFrom("state").select("id").where("name", "=", "Freedonia").executeTakeFirst(),
    ).toBeUndefined();
    // Answered: not a state, the row is held with no recommending state.
    const s = await importFile(t.db, file, {}, { stateChoices: new Map([["Freedonia", "none"]]) });
    expect(s).toMatchObject({
      rows: 6,
      inserted: 5,
      pledges: 1,
      pledgeOutcomes: { inserted: 1, updated: 0, unchanged: 0 },
      errorCount: 0,
      committed: true,
    });
    expect(s.reviewsCreated).toEqual([{ state: "Albania", cycle: 1, session: 2 }]);
    expect(s.unknownStates).toEqual([]);
    expect(s.statesCreated.filter((c) => c.iso3 === null)).toEqual([]);

    const rows = await t.db
      .selectFrom("recommendation as r")
      .innerJoin("review as v", "v.id", "r.review_id")
      .innerJoin("state as s", "s.id", "v.state_id")
      .select([
        "r.id",
        "r.text",
        "r.response",
        "r.action_category",
        "r.themes",
        "r.kind",
        "v.cycle",
        "v.session",
        "s.iso3",
      ])
      .where("s.name", "=", "Albania")
      .orderBy("r.id")
      .execute();
    expect(rows.map((r) => [r.response, r.kind])).toEqual([
      ["noted", "recommendation"],
      ["noted", "recommendation"],
      ["supported", "recommendation"],
      ["supported", "pledge"],
      ["supported", "recommendation"],
      ["noted", "recommendation"],
    ]);
    expect(rows[0]).toMatchObject({
      text: "Consider ratifying ICRMW",
      action_category: 3,
      themes: ["International instruments", "Labour", "Migrants"],
      cycle: 1,
      session: 2,
      iso3: "ALB",
    });
    const pledgeStates = await t.db
      .selectFrom("recommendation_recommending_state")
      .select("state_id")
      .where("recommendation_id", "=", rows[3].id)
      .execute();
    expect(pledgeStates).toEqual([]);
    const lastStates = await t.db
      .selectFrom("recommendation_recommending_state")
      .select("state_id")
      .where("recommendation_id", "=", rows[4].id)
      .execute();
    expect(lastStates).toEqual([]);
    expect(
      await t.db.selectFrom("state").select("id").where("name", "=", "Freedonia").executeTakeFirst(),
    ).toBeUndefined();
    // Another file naming it, answered with a state's code, holds that state.
    const again = uprInfoFile((c, i) =>
      i === 0 ? ((c[0] = "Albania"), (c[10] = "2"), (c[4] = "Freedonia"), c) : null,
    );
    const answered = await importFile(t.db, again, {}, { stateChoices: new Map([["Freedonia", "FRA"]]), dryRun: true });
    expect(answered).toMatchObject({ unknownStates: [], errorCount: 0 });
    expect(answered.preview[0].recommendingStates).toEqual(["France"]);
  });

  it("all or nothing: one rejected row among good ones writes nothing, and the errors name row and column", async () => {
    const file = uprInfoFile((c, i) => {
      c[10] = "3"; // rows for a review not imported yet
      if (i === 4) c[7] = "Maybe";
      if (i === 9) c[10] = "99";
      return c;
    });
    const before = await snapshotDb(t.db);
    const s = await importFile(t.db, file);
    expect(s).toMatchObject({ rows: 13, rejected: 2, committed: false, errorCount: 2 });
    expect(s.errors).toEqual([
      { row: 6, column: "Response", message: expect.stringMatching(/^Response "Maybe" is not known/) },
      {
        row: 11,
        column: "Session",
        message: expect.stringMatching(/^Session "99" is not valid: UPR sessions are numbered 1 to 54/),
      },
    ]);
    // The summary still says what the good rows would have done, and that nothing was.
    expect(s.planned.inserted).toBe(11);
    expect(s.inserted).toBe(0);
    expect(s.notCommitted).toMatch(/^Nothing was written: 2 problems must be fixed first/);
    expect(await snapshotDb(t.db)).toEqual(before);
  });

  it("a paragraph the database would refuse is a row error naming the column, not a failed import", async () => {
    const text = fixture("native-kenya-cycle1-excerpt.csv").toString("utf8").replace(",101.12,", ",101.12a,");
    const before = await snapshotDb(t.db);
    const s = await importFile(t.db, Buffer.from(text));
    expect(s.errors).toEqual([
      {
        row: 3,
        column: "paragraph",
        message: expect.stringMatching(/^The paragraph must be a report paragraph number/),
      },
    ]);
    expect(s.rejected).toBe(1);
    expect(await snapshotDb(t.db)).toEqual(before);
  });

  it("large files are read in batches with progress, in one transaction", async () => {
    const file = uprInfoFile((c) => {
      c[10] = "20";
      return c;
    });
    const body = file.toString("utf8").split("\r\n");
    const many = Buffer.from(
      [body[0], ...Array.from({ length: 40 }, () => body.slice(1, -1)).flat()].join("\r\n") + "\r\n",
    );
    const progress: ImportProgress[] = [];
    const before = await snapshotDb(t.db);
    const s = await importFile(t.db, many, {}, { batchSize: 100, dryRun: true, onProgress: (p) => progress.push(p) });
    expect(s).toMatchObject({ rows: 520, inserted: 0, planned: { inserted: 520 }, errorCount: 0, dryRun: true });
    expect(progress.length).toBeGreaterThan(5);
    expect(progress.at(-1)).toMatchObject({ done: true, rows: 520 });
    expect(progress.slice(0, -1).every((p) => !p.done)).toBe(true);
    expect(await snapshotDb(t.db)).toEqual(before);
  });
});
