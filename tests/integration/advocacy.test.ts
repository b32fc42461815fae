// The advocacy loop's models on both engines: a submission with asks (test asks, labelled as such), the
// uptake of its asks among Kenya's real cycle-1 recommendations (seeded), the lobbying list and brief,
// and the calendar's recorded dates; private submissions stay out of anonymous views; all audited.
import { beforeAll, expect, it } from "vitest";
import type { Actor } from "~/models/assessments.server";
import { listCalendarStates, recordMilestone } from "~/models/calendar.server";
import { getLobbyingBrief, listLobbying } from "~/models/lobbying.server";
import { seed } from "~/models/seed.server";
import {
  addAsk,
  createSubmission,
  deleteAsk,
  getSubmission,
  listSubmissions,
  updateSubmission,
} from "~/models/submissions.server";
import { decideUptake, findUptake } from "~/models/uptake.server";
import { stateMilestones } from "~/lib/upr-calendar";
import { summariseUptake } from "~/lib/uptake";
import { describeEachEngine } from "../helpers/test-db";

// Test asks: written for this test in a coalition's words, not UN text.
const TEST_ASK_CHILD_TRAFFICKING = "Test ask: adopt a national policy against child prostitution and child trafficking";
const TEST_ASK_UNRELATED = "Test ask: publish the annual budget of the anti-trafficking trust fund online";

const signedIn = { signedIn: true };
const anonymous = { signedIn: false };

describeEachEngine("advocacy", (t) => {
  let editor: Actor;
  let submissionId: number;
  let issueId: number;

  beforeAll(async () => {
    await seed(t.db);
    const org = (
      await t.db.insertInto("organisation").values({ name: "Test coalition" }).returning("id").executeTakeFirstOrThrow()
    ).id;
    const user = await t.db
      .insertInto("app_user")
      .values({
        email: "editor@example.org",
        role: "editor",
        organisation_id: org,
        password_hash: "x",
        display_name: null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    editor = { id: user.id, role: "editor" };
    issueId = (
      await t.db
        .selectFrom("coalition_issue")
        .select("id")
        .where("slug", "=", "victim-protection")
        .executeTakeFirstOrThrow()
    ).id;
  });

  it("records a private submission with asks; anonymous readers do not see it", async () => {
    const created = await createSubmission(t.db, editor, {
      title: "Test submission (test data)",
      kind: "joint",
      state: "KEN",
      cycle: 1,
      organisations: ["Test coalition", "Another test organisation"],
      body: "Test body text.",
      footnotes: "",
      isPublic: false,
    });
    expect(created.ok).toBe(true);
    submissionId = (created as { id: number }).id;
    expect(await addAsk(t.db, editor, submissionId, { text: TEST_ASK_CHILD_TRAFFICKING, issueId })).toMatchObject({
      ok: true,
    });
    expect(await addAsk(t.db, editor, submissionId, { text: TEST_ASK_UNRELATED, issueId: null })).toMatchObject({
      ok: true,
    });
    expect(await addAsk(t.db, editor, submissionId, { text: "x", issueId: 999_999 })).toEqual({
      ok: false,
      kind: "unknown_issue",
    });
    expect(await listSubmissions(t.db, anonymous)).toEqual([]);
    expect(await getSubmission(t.db, submissionId, anonymous)).toBeUndefined();
    const detail = await getSubmission(t.db, submissionId, signedIn);
    expect(detail).toMatchObject({ stateIso3: "KEN", cycle: 1, review: { recommendations: 150 } });
    expect(detail!.asks.map((a) => [a.position, a.issue?.slug ?? null])).toEqual([
      [1, "victim-protection"],
      [2, null],
    ]);
    const audit = await t.db
      .selectFrom("audit_log")
      .select("action")
      .where("entity", "in", ["submission", "ask"])
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual(["ask.created", "ask.created", "submission.created"]);
  });

  it("suggests the recommendation that takes an ask up, and keeps a decision when searched again", async () => {
    const found = await findUptake(t.db, editor, submissionId);
    expect(found).toMatchObject({ ok: true, asks: 2 });
    const detail = (await getSubmission(t.db, submissionId, signedIn))!;
    const [first] = detail.asks;
    // 101.59 (Uruguay): "Adopt a comprehensive national policy aimed at the fight against child prostitution and the trafficking of children".
    expect(first!.uptake[0]).toMatchObject({ paragraph: "101.59", status: "suggested" });
    expect(first!.uptake[0]!.recommendingStates).toEqual([{ name: "Uruguay", iso3: "URY" }]);
    const rec = first!.uptake[0]!.recommendationId;
    expect(await decideUptake(t.db, editor, submissionId, first!.id, rec, "confirmed")).toEqual({
      ok: true,
      changed: true,
    });
    expect(await decideUptake(t.db, editor, submissionId, first!.id, rec, "confirmed")).toEqual({
      ok: true,
      changed: false,
    });
    // A recommendation of another review cannot be named.
    expect(await decideUptake(t.db, editor, submissionId + 1000, first!.id, rec, "confirmed")).toEqual({
      ok: false,
      kind: "not_found",
    });
    // Searched again: the decision is kept, the same suggestions are neither added twice nor removed.
    const second = await findUptake(t.db, editor, submissionId);
    expect(second).toMatchObject({ ok: true, asks: 2, kept: 1, removed: 0 });
    expect((second as { suggested: number }).suggested).toBe((found as { suggested: number }).suggested - 1);
    const again = (await getSubmission(t.db, submissionId, signedIn))!;
    expect(again.asks[0]!.uptake[0]).toMatchObject({ recommendationId: rec, status: "confirmed" });
    const summary = summariseUptake(again.asks);
    expect(summary).toMatchObject({ asks: 2, takenUp: 1, recommendations: 1, byResponse: { supported: 1, noted: 0 } });
    expect(summary.byState).toEqual([{ name: "Uruguay", iso3: "URY", asks: 1, recommendations: 1 }]);
  });

  it("edits a submission's fields, audited; its review cannot change once uptake is recorded", async () => {
    const fields = {
      title: "Test submission, revised (test data)",
      kind: "joint" as const,
      state: "KEN",
      cycle: 1,
      organisations: ["Test coalition"],
      body: "Test body text, revised with more words.",
      footnotes: "Test footnote.",
      isPublic: false,
    };
    expect(await updateSubmission(t.db, editor, submissionId, fields)).toEqual({
      ok: true,
      id: submissionId,
      changed: true,
    });
    expect(await updateSubmission(t.db, editor, submissionId, fields)).toEqual({
      ok: true,
      id: submissionId,
      changed: false,
    });
    const detail = (await getSubmission(t.db, submissionId, signedIn))!;
    expect(detail).toMatchObject({
      title: fields.title,
      organisations: ["Test coalition"],
      footnotes: "Test footnote.",
    });
    const audit = await t.db
      .selectFrom("audit_log")
      .select(["before", "after"])
      .where("action", "=", "submission.updated")
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.before).toMatchObject({ title: "Test submission (test data)" });
    expect(audit[0]!.after).toMatchObject({ title: fields.title, footnotes_length: "Test footnote.".length });
    // The uptake confirmed above names a recommendation of Kenya's cycle-1 review: the review stays.
    const moved = await updateSubmission(t.db, editor, submissionId, { ...fields, cycle: 2 });
    expect(moved).toMatchObject({
      ok: false,
      kind: "invalid",
      fieldErrors: { cycle: expect.stringMatching(/uptake/) },
    });
    expect((await getSubmission(t.db, submissionId, signedIn))!.cycle).toBe(1);
    expect(await updateSubmission(t.db, editor, submissionId + 1000, fields)).toEqual({ ok: false, kind: "not_found" });
  });

  it("the lobbying list and brief show the asks a state took up, only to signed-in users while private", async () => {
    const list = await listLobbying(t.db, "KEN", signedIn);
    expect(list[0]).toMatchObject({ name: "Uruguay", asksTakenUp: 1 });
    expect((await listLobbying(t.db, "KEN", anonymous)).find((r) => r.name === "Uruguay")?.asksTakenUp).toBe(0);
    const brief = (await getLobbyingBrief(t.db, "KEN", "URY", signedIn))!;
    expect(brief.recommendingState.name).toBe("Uruguay");
    expect(brief.recommendations.find((r) => r.paragraph === "101.59")!.asks.map((a) => a.text)).toEqual([
      TEST_ASK_CHILD_TRAFFICKING,
    ]);
    expect(brief.totalsByCycle[0]).toMatchObject({ cycle: 1 });
    const hidden = (await getLobbyingBrief(t.db, "KEN", "URY", anonymous))!;
    expect(hidden.recommendations.flatMap((r) => r.asks)).toEqual([]);
    expect(await getLobbyingBrief(t.db, "KEN", "ZZZ", signedIn)).toBeUndefined();
  });

  it("deleting an ask removes its uptake, audited with what it held", async () => {
    const detail = (await getSubmission(t.db, submissionId, signedIn))!;
    expect(await deleteAsk(t.db, editor, submissionId, detail.asks[1]!.id)).toEqual({ ok: true });
    expect(await deleteAsk(t.db, editor, submissionId, detail.asks[1]!.id)).toEqual({ ok: false });
    expect((await getSubmission(t.db, submissionId, signedIn))!.asks).toHaveLength(1);
  });

  it("the calendar computes Kenya's milestones and a recorded date replaces the rule's", async () => {
    const [kenya] = await listCalendarStates(t.db, "ken");
    expect(kenya!.reviews.map((r) => r.cycle)).toEqual([1, 2, 3, 4]);
    const five = () => stateMilestones(kenya!).find((m) => m.cycle === 5 && m.kind === "submission")!;
    expect(five()).toMatchObject({ date: "2029-05-01", source: "rule" });
    expect(
      await recordMilestone(t.db, editor, { iso3: "KEN", cycle: 5, kind: "submission", date: "2029-04-15" }),
    ).toEqual({ ok: true, changed: true });
    const [recorded] = await listCalendarStates(t.db, "KEN");
    expect(stateMilestones(recorded!).find((m) => m.cycle === 5 && m.kind === "submission")).toMatchObject({
      date: "2029-04-15",
      source: "recorded",
    });
    expect(await recordMilestone(t.db, editor, { iso3: "KEN", cycle: 5, kind: "submission", date: null })).toEqual({
      ok: true,
      changed: true,
    });
    expect((await listCalendarStates(t.db, "KEN"))[0]!.recorded).toEqual([]);
    expect(
      await recordMilestone(t.db, editor, { iso3: "ZZZ", cycle: 5, kind: "submission", date: "2029-04-15" }),
    ).toEqual({ ok: false, kind: "not_found" });
    const audit = await t.db
      .selectFrom("audit_log")
      .select("action")
      .where("entity", "=", "review_milestone")
      .execute();
    expect(audit.map((a) => a.action)).toEqual(["review_milestone.recorded", "review_milestone.cleared"]);
  });
});
