// The CSV export opens cleanly in a real spreadsheet: Kenya's cycle-1 file from the running app,
// converted by LibreOffice (`soffice --headless --convert-to xlsx`), keeps every row and column, its
// non-ASCII text unmangled, and runs no formula.
// Character set: LibreOffice's text-import dialog preselects UTF-8 for a file that starts with a BOM
// (ours does). Headless conversion has no dialog: without --infilter it reads the file in the system's
// legacy character set whatever the BOM (seen with LibreOffice 7.4: "vis-Ã -vis"), so the text check
// names UTF-8 as the dialog would; the structure is checked with the headless defaults too.
// Skipped when LibreOffice is not installed (apt-get install -y libreoffice-calc-nogui; .ci/run installs it where it can).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { strFromU8, unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runProcess } from "../helpers/run-process";
import { EXPORT_COLUMNS } from "~/lib/export-format";
import { createDb } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";
import { seed } from "~/models/seed.server";
import { type RunningApp, startApp } from "../helpers/app-server";
import { findSoffice } from "../helpers/roundtrip-world";

const SOFFICE = findSoffice();
const EVIDENCE = "Loi révisée — Prüfung für Opfer; ’quotes’ and “more”";
const title = SOFFICE
  ? "the CSV export in LibreOffice"
  : "the CSV export in LibreOffice (skipped: soffice is not installed; apt-get install -y libreoffice-calc-nogui, or set SOFFICE_PATH)";

describe.skipIf(!SOFFICE)(title, () => {
  let app: RunningApp;
  let work: string;
  let xlsx: Record<string, Uint8Array>;
  let xlsxDefaults: Record<string, Uint8Array>;

  async function convert(csv: string, outDir: string, infilter: string | null): Promise<Record<string, Uint8Array>> {
    const profile = path.join(work, "lo-profile");
    const argv = [
      `-env:UserInstallation=file://${profile}`,
      "--headless",
      ...(infilter ? [`--infilter=${infilter}`] : []),
      "--convert-to",
      "xlsx",
      "--outdir",
      outDir,
      csv,
    ];
    const r = await runProcess(SOFFICE!, argv, { timeout: 180_000 });
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
    const out = path.join(outDir, path.basename(csv).replace(/\.csv$/, ".xlsx"));
    expect(fs.existsSync(out), `${r.stdout}\n${r.stderr}`).toBe(true);
    return unzipSync(new Uint8Array(fs.readFileSync(out)));
  }

  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "upr-export-lo-"));
    const dataDir = path.join(work, "data");
    const handle = await createDb({ dataDir });
    try {
      await migrateToLatest(handle.db);
      await seed(handle.db);
      const org = await handle.db
        .insertInto("organisation")
        .values({ name: "Stop the Traffik Kenya" })
        .returning("id")
        .executeTakeFirstOrThrow();
      const rec = (paragraph: string) =>
        handle.db
          .selectFrom("recommendation")
          .select("id")
          .where("paragraph", "=", paragraph)
          .executeTakeFirstOrThrow();
      await handle.db
        .insertInto("assessment")
        .values({
          recommendation_id: (await rec("101.1")).id,
          organisation_id: org.id,
          as_of: "2012-01-15",
          status: "in_progress",
          evidence: EVIDENCE,
        })
        .execute();
      await handle.db
        .insertInto("assessment")
        .values({
          recommendation_id: (await rec("101.2")).id,
          organisation_id: org.id,
          as_of: "2012-01-15",
          status: "no_action",
          evidence: "=1+1",
        })
        .execute();
    } finally {
      await handle.close();
    }
    app = await startApp({ dataDir });
    const res = await fetch(`${app.baseUrl}/export.csv?state=KEN&cycle=1`);
    expect(res.status).toBe(200);
    const csv = path.join(work, "kenya-cycle1.csv");
    fs.writeFileSync(csv, Buffer.from(await res.arrayBuffer()));
    // CSV filter options: comma, double quote, character set 76 (UTF-8), from line 1.
    xlsx = await convert(csv, path.join(work, "utf8"), "CSV:44,34,76,1");
    xlsxDefaults = await convert(csv, path.join(work, "defaults"), null);
  });

  afterAll(async () => {
    await app?.stop();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it("keeps every row and column (with the import dialog's choice and with the headless defaults)", () => {
    for (const book of [xlsx, xlsxDefaults]) {
      const sheet = strFromU8(book["xl/worksheets/sheet1.xml"]!);
      expect(sheet.match(/<row /g)).toHaveLength(151);
      expect(sheet).toMatch(new RegExp(`<dimension ref="A1:${String.fromCharCode(64 + EXPORT_COLUMNS.length)}151"`));
    }
    // The byte-order mark is read as such, not as part of the first header cell.
    expect(strFromU8(xlsx["xl/sharedStrings.xml"]!)).toContain('<t xml:space="preserve">state_under_review</t>');
  });

  it("non-ASCII text is unmangled: the report's curly apostrophes and accents, and an assessment's", () => {
    const strings = strFromU8(xlsx["xl/sharedStrings.xml"]!);
    expect(strings).toContain("Continue the current policy vis-à-vis Somali refugees");
    expect(strings).toContain("Continue to implement the core elements of the Children’s Act");
    expect(strings).toContain(EVIDENCE);
    expect(strings).not.toMatch(/Ã|â€/); // the marks of UTF-8 read as Windows-1252
  });

  it("no cell became a formula", () => {
    for (const book of [xlsx, xlsxDefaults]) {
      expect(strFromU8(book["xl/worksheets/sheet1.xml"]!)).not.toMatch(/<f[\s>]/);
      expect(strFromU8(book["xl/sharedStrings.xml"]!)).toContain("&apos;=1+1");
    }
  });
});
