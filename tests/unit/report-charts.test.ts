// The numbers beside the charts: the mid-term benchmark against UPR Info's study, the assessed-only
// scale when little is assessed, and the note when a period runs past the next review.
import { describe, expect, it } from "vitest";
import { STATUSES, type Status } from "../../db/schema";
import { benchmarkRows, countsByResponse } from "~/lib/midterm-benchmark";
import { periodNote, progressScale } from "~/lib/progress-scale";
// The catalogues, as the server registers them: the functions' words are English unless given a language's.
import { tFor } from "~/i18n/catalogues.server";

const counts = (c: Partial<Record<Status, number>>) =>
  Object.fromEntries(STATUSES.map((s) => [s, c[s] ?? 0])) as Record<Status, number>;

describe("the mid-term benchmark", () => {
  it("counts each response's statuses and sets the state's shares beside the study's", () => {
    const byResponse = countsByResponse([
      { response: "supported", status: "fully_implemented" },
      { response: "supported", status: "partially_implemented" },
      { response: "supported", status: "in_progress" },
      { response: "supported", status: "not_assessed" },
      { response: "noted", status: "no_action" },
      { response: "pending", status: "fully_implemented" },
    ]);
    expect(byResponse.supported).toEqual(
      counts({ fully_implemented: 1, partially_implemented: 1, in_progress: 1, not_assessed: 1 }),
    );
    expect(benchmarkRows(byResponse)).toEqual([
      { label: "All recommendations", of: 6, implemented: 3, share: "50.0%", study: 48 },
      { label: "Supported (accepted)", of: 4, implemented: 2, share: "50.0%", study: 55 },
      { label: "Noted", of: 1, implemented: 0, share: "0.0%", study: 19 },
    ]);
  });

  it("says – for a response the state has none of", () => {
    expect(benchmarkRows({ supported: counts({ fully_implemented: 2 }) })[2]).toEqual({
      label: "Noted",
      of: 0,
      implemented: 0,
      share: "–",
      study: 19,
    });
  });
});

describe("a progress chart when little is assessed", () => {
  it("draws the assessed ones on their own scale when two thirds or more are not assessed, and says so", () => {
    const scale = progressScale([counts({ not_assessed: 128 }), counts({ not_assessed: 126, in_progress: 2 })]);
    expect(scale.assessedOnly).toBe(true);
    expect(scale.note).toBe(
      "126 of these 128 (98%) are not assessed yet and not drawn: the chart shows the 2 assessed on a scale of their own.",
    );
  });

  it("draws the whole stack otherwise, and says when none is assessed", () => {
    expect(progressScale([counts({ not_assessed: 10, fully_implemented: 10 })])).toEqual({
      assessedOnly: false,
      note: null,
    });
    expect(progressScale([counts({ not_assessed: 5 })])).toEqual({
      assessedOnly: false,
      note: "None of these 5 is assessed yet.",
    });
    expect(progressScale([])).toEqual({ assessedOnly: false, note: null });
  });
});

describe("a period past the next review", () => {
  const milestones = [
    { key: "next_review" as const, label: "Next review", short: "Next review", date: "2015-01-22", estimated: false },
  ];
  it("is said when an assessment is dated after the next review", () => {
    expect(periodNote({ end: "2015-10-06", milestones })).toBe(
      "The period runs on past the next review (22 January 2015) to the latest assessment, dated 6 October 2015.",
    );
  });
  it("is not said when the period ends at the next review", () => {
    expect(periodNote({ end: "2015-01-22", milestones })).toBeNull();
  });
});

describe("in the reader's language", () => {
  it("says the scale note, the period note and the benchmark's rows in French and Arabic", () => {
    expect(progressScale([counts({ not_assessed: 90, fully_implemented: 10 })], tFor("fr"), "fr").note).toBe(
      "90 sur ces 100 (90\u00a0%) ne sont pas encore évaluées et ne sont pas tracées : le graphique montre les 10 évaluées sur leur propre échelle.",
    );
    expect(progressScale([counts({ not_assessed: 1 })], tFor("fr"), "fr").note).toBe(
      "Cette recommandation n’est pas encore évaluée.",
    );
    const milestones = [{ key: "next_review" as const, label: "", short: "", date: "2015-01-22", estimated: false }];
    expect(periodNote({ end: "2015-10-06", milestones }, tFor("ar"), "ar")).toBe(
      "تمتد الفترة إلى ما بعد الاستعراض التالي (22 يناير 2015) حتى آخر تقييم، المؤرخ 6 أكتوبر 2015.",
    );
    const rows = benchmarkRows({ supported: counts({ partially_implemented: 3, not_assessed: 5 }) }, tFor("fr"), "fr");
    expect(rows.map((r) => [r.label, r.share])).toEqual([
      ["Toutes les recommandations", "37,5\u00a0%"],
      ["Acceptées", "37,5\u00a0%"],
      ["Notées", "–"],
    ]);
  });
});
