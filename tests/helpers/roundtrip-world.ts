// The database behind the spreadsheet round-trip tests and their LibreOffice-saved fixtures: the real
// seed (Kenya's cycle 1, A/HRC/15/8) and three assessments of the test's own organisation, on the
// paragraphs a spreadsheet turns into numbers (101.10, 101.100) and on one whose evidence starts
// like a formula (101.2, which the export neutralises with an apostrophe). Recommendation ids follow
// the seed's order, so a fresh database gives the same ids on both engines and to the fixtures.
import fs from "node:fs";
import path from "node:path";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { seed } from "~/models/seed.server";
import { runProcess } from "./run-process";

export const ROUNDTRIP_ORGANISATION = "Round trip test organisation (test data)";

/** The assessments the exported file carries, as the test inserts them (evidence is test data, not UN text). */
export const ROUNDTRIP_ASSESSMENTS = [
  {
    paragraph: "101.10",
    status: "in_progress",
    as_of: "2012-01-15",
    evidence: "Test data: bill tabled — “second reading”;\nvis-à-vis the committee's report",
    source_urls: ["https://example.org/bill"],
  },
  { paragraph: "101.2", status: "no_action", as_of: "2012-06-30", evidence: "=1+1", source_urls: [] },
  {
    paragraph: "101.100",
    status: "partially_implemented",
    as_of: "2013-02-01",
    evidence: "Test data: 12345678901234567890",
    source_urls: [],
  },
] as const;

/** Seeds Kenya's reviews and records the assessments above; returns the organisation's id. */
export async function makeRoundTripWorld(db: Kysely<Database>): Promise<{ organisationId: number }> {
  await seed(db);
  const org = await db
    .insertInto("organisation")
    .values({ name: ROUNDTRIP_ORGANISATION })
    .returning("id")
    .executeTakeFirstOrThrow();
  for (const a of ROUNDTRIP_ASSESSMENTS) {
    const rec = await db
      .selectFrom("recommendation")
      .select("id")
      .where("paragraph", "=", a.paragraph)
      .executeTakeFirstOrThrow();
    await db
      .insertInto("assessment")
      .values({
        recommendation_id: rec.id,
        organisation_id: org.id,
        author_id: null,
        status: a.status,
        as_of: a.as_of,
        evidence: a.evidence,
        source_urls: [...a.source_urls],
      })
      .execute();
  }
  return { organisationId: org.id };
}

/** LibreOffice's soffice, from SOFFICE_PATH or the PATH; null when it is not installed. */
export function findSoffice(): string | null {
  if (process.env.SOFFICE_PATH) return fs.existsSync(process.env.SOFFICE_PATH) ? process.env.SOFFICE_PATH : null;
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    const candidate = path.join(dir, "soffice");
    if (dir && fs.existsSync(candidate)) return candidate;
  }
  return null;
}

/**
 * Opens CSV exports in LibreOffice headless and saves them as `to`, as a user's "open, save" does: read as
 * comma-separated UTF-8 with double quotes (the import dialog's choice for our file), written as
 * comma-separated UTF-8 (csv) or as an Excel workbook (xlsx). One soffice run for all; returns the saved paths.
 */
export async function saveWithLibreOffice(
  soffice: string,
  csvs: string[],
  to: "csv" | "xlsx",
  work: string,
): Promise<string[]> {
  const outDir = path.join(work, `lo-${to}`);
  fs.mkdirSync(outDir, { recursive: true });
  const argv = [
    `-env:UserInstallation=file://${path.join(work, "lo-profile")}`,
    "--headless",
    "--infilter=CSV:44,34,76",
    "--convert-to",
    to === "csv" ? "csv:Text - txt - csv (StarCalc):44,34,76" : "xlsx",
    "--outdir",
    outDir,
    ...csvs,
  ];
  const r = await runProcess(soffice, argv, { timeout: 180_000 });
  const out = csvs.map((csv) => path.join(outDir, path.basename(csv).replace(/\.csv$/, `.${to}`)));
  if (r.status !== 0 || !out.every((f) => fs.existsSync(f)))
    throw new Error(`soffice ${argv.join(" ")} failed (${r.status}): ${r.stdout}\n${r.stderr}`);
  return out;
}
