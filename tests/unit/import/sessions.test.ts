import { readFileSync } from "node:fs";
import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { cycleForSession, UPR_SESSIONS } from "../../../app/import/readers";
import { dataFilePath } from "./helpers";

describe("UPR sessions", () => {
  it("match upr-sessions.csv, session by session", () => {
    const rows = Papa.parse<{ session: string; cycle: string }>(
      readFileSync(dataFilePath("upr-sessions.csv"), "utf8"),
      {
        header: true,
        skipEmptyLines: true,
      },
    ).data;
    expect(UPR_SESSIONS).toEqual(rows.map((r) => ({ session: Number(r.session), cycle: Number(r.cycle) })));
  });

  it("map sessions to cycles as in docs/domain.md", () => {
    expect([1, 12, 13, 26, 27, 40, 41, 54].map(cycleForSession)).toEqual([1, 1, 2, 2, 3, 3, 4, 4]);
    expect([0, 55, 8.5, Number.NaN].map(cycleForSession)).toEqual([null, null, null, null]);
  });
});
