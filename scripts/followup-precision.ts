// Measures follow-up detection on real data and prints precision and recall at several thresholds.
//
// The only real texts at hand are two records of one review: Kenya's cycle-1 recommendations verbatim
// from report A/HRC/15/8 (seed-data/) and the UPR Info export of the same review (../shared/samples/).
// This script loads both into a fresh in-memory database (the seed, then the export through the
// importer), moves the imported rows into Kenya's cycle-2 review as a stand-in for "a later cycle", runs
// the detection's scoring, and compares its pairs with the labelled set in
// tests/fixtures/followups/kenya-cycle1-uprinfo-pairs.csv. Same-cycle pairs from two sources stand in
// for cross-cycle repeats: see docs/followups.md for what that means.
//
//   npm run followups:precision            tables in Markdown (as in docs/followups.md)
//   npm run followups:precision -- FILE    another UPR Info export of Kenya's session 8
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "kysely";
import Papa from "papaparse";
import { readImportFile } from "../app/import/readers";
import {
  detectFollowups,
  FOLLOWUP_BEST_MARGIN,
  FOLLOWUP_THRESHOLD,
  scoreFollowupPairs,
} from "../app/models/followups.server";
import { importFile } from "../app/import/store/import.server";
import { createDb } from "../db/client";
import { migrateToLatest } from "../db/migrate";
import { seed } from "../app/models/seed.server";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const SAMPLE = process.argv[2] ?? path.resolve(ROOT, "../shared/samples/uprinfo-export-kenya-session8.csv");
const LABELS = path.join(ROOT, "tests/fixtures/followups/kenya-cycle1-uprinfo-pairs.csv");
/** Every pair scoring at least this is in the labelled set, so precision above it counts every detected pair. */
const FLOOR = 0.4;
const THRESHOLDS = [0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9];

interface Label {
  positive: boolean;
  /** A positive that is one state's part of a paragraph UPR Info splits into several rows. */
  part: boolean;
}

interface Pair {
  key: string;
  row: number;
  score: number;
}

interface Measure {
  threshold: number;
  detected: number;
  truePositives: number;
  unlabelled: number;
  precision: number;
  recall: number;
  f1: number;
  recallWhole: number;
  recallParts: number;
}

function measure(
  pairs: Pair[],
  labels: Map<string, Label>,
  threshold: number,
  rows?: (row: number) => boolean,
): Measure {
  const inScope = (row: number) => !rows || rows(row);
  const detected = pairs.filter((p) => p.score >= threshold && inScope(p.row));
  const positives = [...labels].filter(([key, l]) => l.positive && inScope(Number(key.split("/")[1])));
  const found = new Set(detected.filter((p) => labels.get(p.key)?.positive).map((p) => p.key));
  const tp = found.size;
  const whole = positives.filter(([, l]) => !l.part);
  const parts = positives.filter(([, l]) => l.part);
  const precision = detected.length ? tp / detected.length : 1;
  const recall = positives.length ? tp / positives.length : 1;
  return {
    threshold,
    detected: detected.length,
    truePositives: tp,
    unlabelled: detected.filter((p) => !labels.has(p.key)).length,
    precision,
    recall,
    f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0,
    recallWhole: whole.length ? whole.filter(([k]) => found.has(k)).length / whole.length : 1,
    recallParts: parts.length ? parts.filter(([k]) => found.has(k)).length / parts.length : 1,
  };
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

function table(title: string, rows: Measure[], chosen: number): string {
  const lines = [
    `**${title}**`,
    "",
    "| threshold | pairs found | true | precision | recall | F1 | recall, whole texts | recall, parts of merged paragraphs |",
    "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  for (const m of rows) {
    const t = m.threshold.toFixed(2);
    lines.push(
      `| ${m.threshold === chosen ? `**${t}**` : t} | ${m.detected}${m.unlabelled ? ` (${m.unlabelled} unlabelled)` : ""} | ${m.truePositives} | ${pct(m.precision)} | ${pct(m.recall)} | ${m.f1.toFixed(3)} | ${pct(m.recallWhole)} | ${pct(m.recallParts)} |`,
    );
  }
  return lines.join("\n");
}

/** The threshold with the best F1 on the given rows (ties: the higher threshold). */
function bestThreshold(pairs: Pair[], labels: Map<string, Label>, rows: (row: number) => boolean): number {
  let best = THRESHOLDS[0]!;
  let bestF1 = -1;
  for (const t of THRESHOLDS) {
    const f1 = measure(pairs, labels, t, rows).f1;
    if (f1 >= bestF1) [best, bestF1] = [t, f1];
  }
  return best;
}

async function main(): Promise<void> {
  const labels = new Map<string, Label>();
  const parsed = Papa.parse<Record<string, string>>(fs.readFileSync(LABELS, "utf8"), {
    header: true,
    skipEmptyLines: true,
  });
  for (const r of parsed.data) {
    labels.set(`${r.paragraph}/${r.uprinfo_row}`, {
      positive: r.same_recommendation === "yes",
      part: r.reason!.startsWith("same recommendation:"),
    });
  }
  const positives = [...labels.values()].filter((l) => l.positive).length;

  const handle = await createDb({ dataDir: null });
  const db = handle.db;
  try {
    await migrateToLatest(db);
    await seed(db);
    const summary = await importFile(db, SAMPLE);
    if (!summary.committed || summary.errorCount)
      throw new Error(`the import of ${SAMPLE} failed: ${summary.errors[0]?.message ?? "not committed"}`);
    const rowOfKey = new Map<string, number>();
    for await (const event of readImportFile(SAMPLE))
      if (event.type === "record") rowOfKey.set(event.record.sourceKey, event.record.row);

    // The stand-in for a later cycle: the imported rows become Kenya's cycle-2 recommendations.
    const kenya = (await db.selectFrom("state").select("id").where("iso3", "=", "KEN").executeTakeFirstOrThrow()).id;
    const cycle2 = (
      await db
        .selectFrom("review")
        .select("id")
        .where("state_id", "=", kenya)
        .where("cycle", "=", 2)
        .executeTakeFirstOrThrow()
    ).id;
    await db.updateTable("recommendation").set({ review_id: cycle2 }).where("source_format", "=", "upr-info").execute();

    const recs = await db
      .selectFrom("recommendation")
      .select(["id", "paragraph", "source_format", "source_key"])
      .execute();
    const nameOf = new Map(
      recs.map((r) => [r.id, r.source_format === "upr-info" ? String(rowOfKey.get(r.source_key)) : r.paragraph!]),
    );
    const toPairs = (list: { earlierId: number; laterId: number; score: number }[]): Pair[] =>
      list.map((p) => ({
        key: `${nameOf.get(p.earlierId)}/${nameOf.get(p.laterId)}`,
        row: Number(nameOf.get(p.laterId)),
        score: p.score,
      }));

    const started = Date.now();
    const scoreOnly = toPairs(await scoreFollowupPairs(db, kenya, { threshold: FLOOR, margin: 1 }));
    const seconds = (Date.now() - started) / 1000;
    const withMargin = toPairs(await scoreFollowupPairs(db, kenya, { threshold: FLOOR, margin: FOLLOWUP_BEST_MARGIN }));
    const { rows: simRows } = await sql<{ e: number; l: number; s: number }>`
      select e.id as e, l.id as l, similarity(followup_text(e.text), followup_text(l.text))::float8 as s
      from recommendation e join recommendation l on e.source_format = 'native' and l.source_format = 'upr-info'
      where similarity(followup_text(e.text), followup_text(l.text)) >= ${FLOOR}`.execute(db);
    const similarityOnly = toPairs(simRows.map((r) => ({ earlierId: r.e, laterId: r.l, score: Number(r.s) })));

    // What the app stores with its defaults.
    const detected = await detectFollowups(db, { stateId: kenya });
    const stored = toPairs(
      (await db.selectFrom("recommendation_followup").select(["earlier_id", "later_id", "similarity"]).execute()).map(
        (r) => ({ earlierId: r.earlier_id, laterId: r.later_id, score: r.similarity }),
      ),
    );
    const shipped = measure(stored, labels, 0);

    const odd = (row: number) => row % 2 === 1;
    const even = (row: number) => row % 2 === 0;
    const folds = [
      { train: "odd", test: "even", t: bestThreshold(withMargin, labels, odd), on: even },
      { train: "even", test: "odd", t: bestThreshold(withMargin, labels, even), on: odd },
    ].map((f) => ({ ...f, result: measure(withMargin, labels, f.t, f.on) }));

    const out = [
      `Labelled pairs: ${labels.size} (${positives} same recommendation, ${labels.size - positives} not); ` +
        `pairs compared: 150 × ${recs.length - 150} = ${150 * (recs.length - 150)}; scoring took ${seconds.toFixed(1)} s (${handle.engine}).`,
      "",
      table(
        `Score with best-match margin ${FOLLOWUP_BEST_MARGIN} (what the app does)`,
        THRESHOLDS.map((t) => measure(withMargin, labels, t)),
        FOLLOWUP_THRESHOLD,
      ),
      "",
      table(
        "Score alone (no margin)",
        THRESHOLDS.map((t) => measure(scoreOnly, labels, t)),
        FOLLOWUP_THRESHOLD,
      ),
      "",
      table(
        "Baseline: pg_trgm similarity() of the normalised texts alone",
        THRESHOLDS.map((t) => measure(similarityOnly, labels, t)),
        -1,
      ),
      "",
      "**Two-fold check of the choice** (threshold with the best F1 on half of the UPR Info rows, measured on the other half):",
      "",
      "| chosen on rows | threshold | measured on rows | precision | recall |",
      "| --- | ---: | --- | ---: | ---: |",
      ...folds.map(
        (f) => `| ${f.train} | ${f.t.toFixed(2)} | ${f.test} | ${pct(f.result.precision)} | ${pct(f.result.recall)} |`,
      ),
      "",
      `As shipped (detectFollowups with FOLLOWUP_THRESHOLD = ${FOLLOWUP_THRESHOLD}, margin ${FOLLOWUP_BEST_MARGIN}): ` +
        `${detected.found} pairs stored, ${shipped.truePositives} true; precision ${pct(shipped.precision)}, recall ${pct(shipped.recall)}` +
        `${shipped.unlabelled ? `; ${shipped.unlabelled} stored pairs are not in the labelled set` : ""}.`,
    ];
    console.log(out.join("\n"));
    const incomplete = scoreOnly.filter((p) => !labels.has(p.key));
    if (incomplete.length) {
      console.error(
        `\nThe labelled set misses ${incomplete.length} pairs scoring ${FLOOR} or more (the scoring changed?): ${incomplete
          .slice(0, 10)
          .map((p) => p.key)
          .join(", ")}`,
      );
      process.exitCode = 1;
    }
  } finally {
    await handle.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
