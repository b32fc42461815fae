// The dashboard's tables link a recommending state's name to its page, and an issue's title to the issue.
import { describe, expect, it } from "vitest";
import { recommendingStateHref } from "~/lib/dashboard-tables";

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
