// Writes tests/fixtures/roundtrip/libreoffice-kenya-cycle1-excerpt.{csv,xlsx}: a real export, saved by
// real LibreOffice. How: a fresh database with the seed and the round-trip test's assessments
// (tests/helpers/roundtrip-world.ts); the CSV export of Kenya's cycle 1 (exportCsv, the same file as
// /export.csv?state=KEN&cycle=1); the header and 12 of its rows kept (the paragraphs that a
// spreadsheet turns into numbers: 101.10, 101.20, 101.100, 102.10, and the ones they then collide
// with: 101.1, 101.2, 102.1; and 101.11, 101.110), written as the export writes them (BOM, CRLF);
// then soffice --headless --infilter=CSV:44,34,76 --convert-to csv:"Text - txt - csv (StarCalc)":44,34,76
// and --convert-to xlsx (LibreOffice 7.4.7.2, Debian's libreoffice-calc-nogui): "open, save".
// Run: npx tsx tests/helpers/make-libreoffice-roundtrip.ts (needs soffice).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Papa from "papaparse";
import { BOM, csvLine } from "../../app/lib/csv";
import { exportCsv } from "../../app/models/export.server";
import { createDb } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";
import { findSoffice, makeRoundTripWorld, saveWithLibreOffice } from "./roundtrip-world";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const TARGET = path.join(ROOT, "tests/fixtures/roundtrip");
const NAME = "libreoffice-kenya-cycle1-excerpt";
const EXCERPT_PARAGRAPHS = ["101.1", "101.2", "101.10", "101.11", "101.20", "101.100", "101.110", "102.1", "102.10"];

async function main() {
  const soffice = findSoffice();
  if (!soffice) throw new Error("soffice is not installed (apt-get install -y libreoffice-calc-nogui)");
  const handle = await createDb({ dataDir: null });
  let text = "";
  try {
    await migrateToLatest(handle.db);
    await makeRoundTripWorld(handle.db);
    for await (const piece of exportCsv(handle.db, { kind: "recommendation", state: "KEN", cycle: 1 })) text += piece;
  } finally {
    await handle.close();
  }
  const [header, ...rows] = Papa.parse<string[]>(text.replace(/^\uFEFF/, ""), { skipEmptyLines: true }).data;
  const col = header!.indexOf("paragraph");
  const kept = rows.filter((r) => EXCERPT_PARAGRAPHS.includes(r[col]!));
  if (kept.length !== EXCERPT_PARAGRAPHS.length) throw new Error(`kept ${kept.length} rows`);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "upr-lo-fixture-"));
  try {
    const csv = path.join(work, `${NAME}.csv`);
    fs.writeFileSync(csv, BOM + [header!, ...kept].map(csvLine).join(""));
    for (const to of ["csv", "xlsx"] as const)
      fs.copyFileSync((await saveWithLibreOffice(soffice, [csv], to, work))[0]!, path.join(TARGET, `${NAME}.${to}`));
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  console.log(`wrote ${TARGET}/${NAME}.csv and .xlsx`);
}

await main();
