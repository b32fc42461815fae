// The dashboard's tables link a recommending state's name to its page, and an issue's title to the issue; their
// words are the reader's language's.
import { describe, expect, it } from "vitest";
import { tFor } from "~/i18n/catalogues.server";
import type { Language } from "~/i18n/languages";
import { type ChartKey, dashboardTable, localDashboard, recommendingStateHref } from "~/lib/dashboard-tables";
import type { Dashboard } from "~/lib/dashboard-types";

describe("recommendingStateHref", () => {
  it("links a state with an ISO code to its page for the state under review", () => {
    expect(recommendingStateHref("FRA", "KEN")).toBe("/states/FRA?state=KEN");
    expect(recommendingStateHref("FRA", undefined)).toBe("/states/FRA");
  });

  it("does not link a name without a code (the key is then the name)", () => {
    expect(recommendingStateHref("Holy See", "KEN")).toBeNull();
    expect(recommendingStateHref("fra", "KEN")).toBeNull();
  });
});

describe("the dashboard's tables in the reader's language", () => {
  const counts = { not_assessed: 0, no_action: 0, in_progress: 0, partially_implemented: 0, fully_implemented: 0 };
  const d: Dashboard = {
    filter: { kind: "recommendation", state: "KEN" },
    headline: {
      total: 3,
      supported: 2,
      supportedImplemented: 1,
      supportedFullyImplemented: 0,
      notAssessed: 2,
      byStatus: counts,
    },
    byCycle: [{ key: "2", label: "Cycle 2", supported: 2, noted: 1, pending: 0 }],
    byIssue: [],
    byGroup: [{ key: "WEOG", label: "WEOG", supported: 1, noted: 0, pending: 0 }],
    bySdg: [{ key: "5", label: "SDG 5: Gender equality", supported: 1, noted: 0, pending: 0 }],
    topStates: [{ key: "FRA", label: "France", supported: 1, noted: 0, pending: 0 }],
    issues: [
      {
        slug: "a",
        title: "Issue A",
        total: 2,
        supported: 2,
        supportedImplemented: 1,
        supportedFullyImplemented: 0,
        notAssessed: 1,
        byStatus: counts,
      },
    ],
    progress: null,
    issueProgress: [],
    atMidterm: null,
  };
  const table = (key: ChartKey, lng: Language) =>
    dashboardTable(localDashboard(d, tFor(lng), lng), key, tFor(lng), lng);

  it("keeps the English words, and says them in French and Arabic", () => {
    expect(table("responses-by-group", "en")).toMatchObject({
      header: ["Regional group", "Supported", "Noted", "No response known", "Total"],
      rows: [["WEOG", 1, 0, 0, 1]],
    });
    expect(table("responses-by-cycle", "fr").caption).toBe("Réponses par cycle (Kenya)");
    expect(table("responses-by-group", "fr").rows[0]![0]).toBe("Groupe des États d’Europe occidentale et autres États");
    expect(table("responses-by-sdg", "es").rows[0]![0]).toBe("ODS 5: Igualdad de género");
    expect(table("top-recommending-states", "ar").rows[0]![0]).toBe("فرنسا");
    expect(table("issues", "fr").rows[0]).toEqual(["Issue A", 2, 2, 1, "50,0\u00a0%", 1]);
    expect(table("issues", "ar").header[0]).toBe("قضية التحالف");
  });
});
