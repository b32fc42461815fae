import { describe, expect, it } from "vitest";
import { placeLabels, shortenLabel, textWidth, wrapLabel } from "~/lib/chart-labels";
import { navFor } from "~/lib/nav";
import { cssString, printPageCss, statusSummary } from "~/lib/report-summary";

// A coalition issue title of the seed data (seed-data/coalition-issues.csv).
const TITLE = "Lack of consolidated and credible data and information on trafficking in Kenya";

describe("chart labels", () => {
  it("keeps a label that fits, and shortens one that does not at a word, with an ellipsis", () => {
    expect(shortenLabel("Cycle 1", 100, 12)).toBe("Cycle 1");
    const short = shortenLabel(TITLE, 120, 12);
    expect(short.endsWith("…")).toBe(true);
    expect(textWidth(short, 12)).toBeLessThanOrEqual(120);
    expect(TITLE.startsWith(short.slice(0, -1))).toBe(true);
  });

  it("wraps a long title on two lines, each within the width, the second shortened", () => {
    const lines = wrapLabel(TITLE, 150, 12);
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(textWidth(line, 12)).toBeLessThanOrEqual(150);
    expect(lines[1]!.endsWith("…")).toBe(true);
    expect(wrapLabel("Africa", 150, 12)).toEqual(["Africa"]);
  });

  it("puts milestone labels that would overlap on separate rows, and keeps them inside the plot", () => {
    // Kenya cycle 1 over 66 months: review and mid-term far apart, submissions and next review 6 months apart.
    const labels = [
      { fraction: 0, text: "Review" },
      { fraction: 30 / 66, text: "Mid-term" },
      { fraction: 50 / 66, text: "Submissions" },
      { fraction: 56 / 66, text: "Next review" },
    ];
    const placed = placeLabels(labels, 240, 11);
    expect(placed[0]).toEqual({ row: 0, anchor: "start" });
    expect(placed[1]!.row).toBe(0);
    expect(placed[2]!.row).not.toBe(placed[3]!.row);
    // Wide enough, they all fit on one row.
    expect(placeLabels(labels, 2000, 11).every((p) => p.row === 0)).toBe(true);
    expect(placeLabels([{ fraction: 1, text: "Next review" }], 240, 11)[0]!.anchor).toBe("end");
  });
});

describe("the header's menu", () => {
  it("shows the public entries to everyone, the editor's to editors, the admin's to admins only", () => {
    const labels = (role: "editor" | "admin" | null) => navFor(role).map((e) => e.label);
    expect(labels(null)).toEqual([
      "reviews",
      "everyState",
      "dashboard",
      "recommendations",
      "issues",
      "states",
      "changes",
      "submissions",
      "calendar",
    ]);
    expect(labels("editor")).toContain("import");
    expect(labels("editor")).not.toContain("users");
    expect(labels("admin")).toContain("users");
    expect(labels("editor")).not.toContain("sampleData");
    expect(labels("admin")).toContain("sampleData");
  });
});

describe("the report's summary and page margins", () => {
  it("counts statuses, and supported ones at least partially implemented", () => {
    const s = statusSummary([
      { response: "supported", status: "fully_implemented" },
      { response: "supported", status: "partially_implemented" },
      { response: "supported", status: "in_progress" },
      { response: "noted", status: "fully_implemented" },
    ]);
    expect(s).toMatchObject({ total: 4, supported: 3, supportedImplemented: 2 });
    expect(s.byStatus.fully_implemented).toBe(2);
  });

  it("writes any name as a CSS string that cannot end the rule or the <style> element", () => {
    expect(cssString("Stop the Traffik Kenya")).toBe('"Stop the Traffik Kenya"');
    const hostile = cssString('a"; } body { display:none } </style><script>');
    expect(hostile).not.toMatch(/(^"|[^\\])"(?!$)/);
    expect(hostile).not.toContain("<");
    expect(printPageCss("C", "2 December 2026")).toContain('counter(page) " of " counter(pages)');
  });
});
