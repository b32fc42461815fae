import { describe, expect, it } from "vitest";
import { statusCountsByMonth } from "../../app/lib/status-over-time";

const MONTHS = ["2020-01-31", "2020-02-29", "2020-03-31"];

describe("statusCountsByMonth", () => {
  it("sums the changes over the months, from each change's month on", () => {
    const byGroup = statusCountsByMonth(MONTHS, new Map([[7, 3]]), [
      // Before the first month: counts from the first.
      { g: 7, month: "2019-11", status: "no_action", prev: "not_assessed", n: 1 },
      { g: 7, month: "2020-02", status: "in_progress", prev: "no_action", n: 1 },
      { g: 7, month: "2020-02", status: "fully_implemented", prev: "not_assessed", n: 1 },
      // After the last month: left out.
      { g: 7, month: "2020-04", status: "fully_implemented", prev: "in_progress", n: 1 },
    ]);
    expect(byGroup.get(7)!.map((p) => [p.month, p.counts])).toEqual([
      ["2020-01-31", { not_assessed: 2, no_action: 1, in_progress: 0, partially_implemented: 0, fully_implemented: 0 }],
      ["2020-02-29", { not_assessed: 1, no_action: 0, in_progress: 1, partially_implemented: 0, fully_implemented: 1 }],
      ["2020-03-31", { not_assessed: 1, no_action: 0, in_progress: 1, partially_implemented: 0, fully_implemented: 1 }],
    ]);
  });

  it("a group without changes stays not assessed; changes of a group without members are left out", () => {
    const byGroup = statusCountsByMonth(MONTHS, new Map([[1, 2]]), [
      { g: 9, month: "2020-01", status: "no_action", prev: "not_assessed", n: 1 },
    ]);
    expect([...byGroup.keys()]).toEqual([1]);
    expect(byGroup.get(1)!.map((p) => p.counts.not_assessed)).toEqual([2, 2, 2]);
  });
});
