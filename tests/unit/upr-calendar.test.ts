import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { tFor } from "~/i18n/catalogues.server";
import {
  daysUntil,
  milestoneRule,
  milestonesToIcs,
  milestoneTitle,
  nextMilestone,
  stateMilestones,
} from "~/lib/upr-calendar";

const en = tFor("en");
const fr = tFor("fr");

// Kenya's reviews as seed-data/kenya-reviews.csv holds them.
const KENYA = {
  iso3: "KEN",
  name: "Kenya",
  reviews: [
    { cycle: 1, reviewDate: "2010-05-06", adoptionDate: null },
    { cycle: 2, reviewDate: "2015-01-22", adoptionDate: "2015-06-25" },
    { cycle: 3, reviewDate: "2020-01-23", adoptionDate: "2020-09-29" },
    { cycle: 4, reviewDate: "2025-05-01", adoptionDate: null },
  ],
  recorded: [],
};

describe("stateMilestones", () => {
  const all = stateMilestones(KENYA);
  const of = (cycle: number, kind: string) => all.find((m) => m.cycle === cycle && m.kind === kind);

  it("computes each review's milestones by the rules, from the held dates", () => {
    expect(of(3, "submission")).toMatchObject({ date: "2019-07-23", source: "rule" });
    expect(of(3, "pre_session")).toMatchObject({ date: "2019-12-23", source: "rule" });
    expect(of(3, "review")).toMatchObject({ date: "2020-01-23", source: "review" });
    expect(milestoneTitle(en, "en", of(3, "review")!)).toBe("Kenya's 3rd review");
    expect(of(3, "adoption")).toMatchObject({ date: "2020-09-29", source: "review" });
    expect(of(3, "midterm")).toMatchObject({ date: "2023-03-29", source: "rule" });
    expect(milestoneRule(en, "midterm")).toBe("about 2.5 years after the adoption");
    // Cycle 1 has no adoption date: it is estimated 5 months after the review, and the mid-term from it.
    expect(of(1, "adoption")).toMatchObject({ date: "2010-10-06", source: "rule" });
  });

  it("adds the review after the latest one, about 4.5 years later, with its submission deadline", () => {
    expect(of(5, "review")).toMatchObject({ date: "2029-11-01", source: "rule" });
    expect(of(5, "submission")).toMatchObject({ date: "2029-05-01" });
    expect(milestoneTitle(en, "en", of(5, "submission")!)).toBe("Stakeholder submissions due for Kenya's 5th review");
    expect(milestoneTitle(en, "en", of(1, "midterm")!)).toBe("Mid-term report of Kenya's 1st review");
    expect(milestoneTitle(en, "en", of(2, "adoption")!)).toBe("Adoption of the outcome of Kenya's 2nd review");
    expect(of(6, "review")).toBeUndefined();
    expect(all.map((m) => m.date)).toEqual([...all.map((m) => m.date)].sort());
  });

  it("a recorded date wins, and what is computed from it follows", () => {
    const recorded = stateMilestones({ ...KENYA, recorded: [{ cycle: 5, kind: "review", date: "2030-01-20" }] });
    const five = (kind: string) => recorded.find((m) => m.cycle === 5 && m.kind === kind);
    expect(five("review")).toMatchObject({ date: "2030-01-20", source: "recorded" });
    expect(five("submission")).toMatchObject({ date: "2029-07-20", source: "rule" });
  });

  it("a state without reviews has no milestones", () => {
    expect(stateMilestones({ ...KENYA, reviews: [] })).toEqual([]);
  });
});

describe("nextMilestone and daysUntil", () => {
  it("finds the first milestone on or after today", () => {
    const all = stateMilestones(KENYA);
    const next = nextMilestone(all, "2026-12-01");
    expect(next).toMatchObject({ cycle: 4, kind: "midterm", date: "2028-04-01" });
    expect(daysUntil("2026-12-31", "2026-12-01")).toBe(30);
    expect(daysUntil("2026-11-30", "2026-12-01")).toBe(-1);
    expect(nextMilestone(all, "2033-01-01")).toBeNull();
  });
});

describe("milestonesToIcs", () => {
  const ics = milestonesToIcs(stateMilestones(KENYA), {
    name: "UPR calendar: Kenya",
    url: "https://upr.example.org/calendar?state=KEN",
    now: new Date("2026-12-01T10:20:30Z"),
    host: "upr.example.org",
    t: en,
    lng: "en",
  });

  it("is iCalendar that a parser reads: one all-day event per milestone, with stable UIDs", () => {
    const calendar = new ICAL.Component(ICAL.parse(ics));
    expect(calendar.getFirstPropertyValue("version")).toBe("2.0");
    expect(calendar.getFirstPropertyValue("x-wr-calname")).toBe("UPR calendar: Kenya");
    const events = calendar.getAllSubcomponents("vevent").map((v) => new ICAL.Event(v));
    expect(events).toHaveLength(stateMilestones(KENYA).length);
    const submission = events.find((e) => e.uid === "KEN-5-submission@upr.example.org")!;
    expect(submission.summary).toBe("Stakeholder submissions due for Kenya's 5th review (estimated)");
    expect(submission.startDate.isDate).toBe(true);
    expect(submission.startDate.toString()).toBe("2029-05-01");
    expect(submission.endDate.toString()).toBe("2029-05-02");
    // Commas are escaped in the file and read back as commas.
    expect(submission.description).toBe(
      "Stakeholder submissions due, Kenya, cycle 5. Estimated: about 6 months before the review.",
    );
    expect(ics).toContain("DESCRIPTION:Stakeholder submissions due\\, Kenya\\, cycle 5.");
  });

  it("uses CRLF line endings and folds no line over 75 octets", () => {
    expect(ics.endsWith("END:VCALENDAR\r\n")).toBe(true);
    for (const line of ics.split("\r\n")) expect(Buffer.byteLength(line, "utf8")).toBeLessThanOrEqual(75);
    expect(ics.replace(/\r\n/g, "")).not.toMatch(/\n/);
  });
});

describe("the calendar in the reader's language", () => {
  it("names the events in French, the state's name too", () => {
    const ics = milestonesToIcs(stateMilestones(KENYA), {
      name: "Calendrier de l’EPU : Kenya",
      url: "https://upr.example.org/calendar?state=KEN",
      now: new Date("2026-12-01T10:20:30Z"),
      host: "upr.example.org",
      t: fr,
      lng: "fr",
    });
    const events = new ICAL.Component(ICAL.parse(ics)).getAllSubcomponents("vevent").map((v) => new ICAL.Event(v));
    const submission = events.find((e) => e.uid === "KEN-5-submission@upr.example.org")!;
    expect(submission.summary).toBe("Date limite des contributions des parties prenantes (Kenya, 5e examen) (estimée)");
    expect(submission.description).toBe(
      "Date limite des contributions des parties prenantes, Kenya, cycle 5. Estimée : environ 6 mois avant l’examen.",
    );
    expect(milestoneTitle(fr, "fr", { kind: "review", state: "Kenya", stateIso3: "KEN", cycle: 1 })).toBe(
      "Kenya, 1er examen",
    );
  });
});
