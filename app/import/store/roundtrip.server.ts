// The spreadsheet round trip, database side: which rows of a file change a recommendation's status or
// evidence, and recording exactly those as new assessments, all or nothing.
import type { Kysely } from "kysely";
import type { Database, Status } from "../../../db/schema";
import { asOfProblem } from "../../lib/assessment-input";
import {
  type RoundTripChange,
  type RoundTripProblem,
  type RoundTripRow,
  sameParagraph,
  sameText,
} from "../readers/roundtrip";
import { insertAssessments, type Actor } from "../../models/assessments.server";

export type { RoundTripChange };

export interface RoundTripPlan {
  changes: RoundTripChange[];
  unchanged: number;
  problems: RoundTripProblem[];
}

type Current = {
  id: number;
  text: string;
  paragraph: string | null;
  status: Status;
  asOf: string | null;
  evidence: string;
  sourceUrls: string[];
  reviewDate: string | null;
};

async function currentOf(db: Kysely<Database>, ids: number[]): Promise<Map<number, Current>> {
  const out = new Map<number, Current>();
  for (let i = 0; i < ids.length; i += 1000) {
    const rows = await db
      .selectFrom("recommendation as rec")
      .innerJoin("review as r", "r.id", "rec.review_id")
      .leftJoinLateral(
        (eb) =>
          eb
            .selectFrom("assessment as a")
            .whereRef("a.recommendation_id", "=", "rec.id")
            .select(["a.evidence", "a.source_urls"])
            .orderBy("a.as_of", "desc")
            .orderBy("a.id", "desc")
            .limit(1)
            .as("latest"),
        (join) => join.onTrue(),
      )
      .where("rec.id", "in", ids.slice(i, i + 1000))
      .select([
        "rec.id",
        "rec.text",
        "rec.paragraph",
        "rec.current_status",
        "rec.current_as_of",
        "latest.evidence",
        "latest.source_urls",
        "r.review_date",
      ])
      .execute();
    for (const r of rows) {
      out.set(r.id, {
        id: r.id,
        text: r.text,
        paragraph: r.paragraph,
        status: r.current_status,
        asOf: r.current_as_of,
        evidence: r.evidence ?? "",
        sourceUrls: r.source_urls ?? [],
        reviewDate: r.review_date,
      });
    }
  }
  return out;
}

/**
 * Compares the file with the database, row by row through upr_monitor_id. Rows that no longer match
 * (deleted, edited text, another paragraph) are problems. A paragraph a spreadsheet made into a number
 * (101.10 -> 101.1) is the held one: the id says which recommendation the row is, the paragraph only
 * has to agree with it, and the held paragraph is never changed (a round trip records assessments only).
 */
export async function planRoundTrip(db: Kysely<Database>, rows: RoundTripRow[], today: string): Promise<RoundTripPlan> {
  const current = await currentOf(
    db,
    rows.map((r) => r.id),
  );
  const plan: RoundTripPlan = { changes: [], unchanged: 0, problems: [] };
  for (const r of rows) {
    const c = current.get(r.id);
    if (!c) {
      plan.problems.push({
        row: r.row,
        column: "upr_monitor_id",
        message: `Recommendation ${r.id} is no longer in the database (deleted?): remove this row`,
      });
      continue;
    }
    if (!sameText(r.text, c.text)) {
      plan.problems.push({
        row: r.row,
        column: "recommendation",
        message: `The text differs from the stored text of ${c.paragraph ?? `recommendation ${r.id}`}: recommendation texts are verbatim UN text and are not changed by a round trip; restore the text or re-export`,
      });
      continue;
    }
    if (!sameParagraph(r.paragraph, c.paragraph)) {
      plan.problems.push({
        row: r.row,
        column: "paragraph",
        message: `The paragraph ${r.paragraph} is not that of recommendation ${r.id}, ${c.paragraph ?? "which has none"}: the row's upr_monitor_id or its paragraph was changed; restore them or re-export`,
      });
      continue;
    }
    const newDate = r.asOf !== null && r.asOf !== c.asOf;
    const changed =
      r.status !== c.status ||
      newDate ||
      r.evidence !== c.evidence.trim() ||
      r.sourceUrls.join(" ") !== c.sourceUrls.join(" ");
    if (!changed) {
      plan.unchanged++;
      continue;
    }
    const asOf = newDate ? r.asOf! : today;
    const dateProblem = asOfProblem(asOf, c.reviewDate, today);
    if (dateProblem) {
      plan.problems.push({ row: r.row, column: "current_as_of", message: dateProblem });
      continue;
    }
    plan.changes.push({
      row: r.row,
      id: r.id,
      paragraph: c.paragraph,
      from: { status: c.status, asOf: c.asOf, evidence: c.evidence },
      to: {
        status: r.status,
        asOf,
        evidence: r.evidence,
        sourceUrls: r.sourceUrls,
        asOfRead: newDate ? r.asOfRead : null,
      },
    });
  }
  return plan;
}

/** Records one assessment per changed row, for the editor's organisation, in one transaction; nothing when any row has a problem. */
export async function applyRoundTrip(
  db: Kysely<Database>,
  actor: Actor & { organisationId: number },
  rows: RoundTripRow[],
  today: string,
): Promise<RoundTripPlan & { created: number }> {
  return db.transaction().execute(async (trx) => {
    const plan = await planRoundTrip(trx, rows, today);
    if (plan.problems.length) return { ...plan, created: 0 };
    await insertAssessments(
      trx,
      actor,
      plan.changes.map((change) => ({
        ...change.to,
        recommendationId: change.id,
        organisationId: actor.organisationId,
      })),
      (i) => ({ roundTripRow: plan.changes[i].row }),
    );
    return { ...plan, created: plan.changes.length };
  });
}
