// The UPR calendar of a state under review (docs/domain.md, "The review timeline" and "The advocacy loop"):
// the milestones of each of its reviews, computed by the rules from the review's dates, or the real date
// where an editor recorded it; and the same as an iCalendar feed (RFC 5545) that a phone or Outlook
// subscribes to. Pure: calendar dates ('YYYY-MM-DD') in UTC.
import type { TFunction } from "i18next";
import type { MilestoneKind } from "../../db/schema";
import { localStateName } from "../i18n/format";
import type { Language } from "../i18n/languages";
import { addMonths } from "./review-period";

/** What the calendar needs of one held review. */
export interface CalendarReview {
  cycle: number;
  reviewDate: string | null;
  adoptionDate: string | null;
}

export interface CalendarState {
  iso3: string | null;
  name: string;
  reviews: CalendarReview[];
  /** Real dates an editor recorded, by cycle and milestone. */
  recorded: { cycle: number; kind: MilestoneKind; date: string }[];
}

export interface CalendarMilestone {
  state: string;
  stateIso3: string | null;
  cycle: number;
  kind: MilestoneKind;
  date: string;
  /** How the date was reached: recorded by an editor, held with the review, or computed by the rules (milestoneRule). */
  source: "recorded" | "review" | "rule";
}

/** The next review follows the previous one by about four and a half years. */
export const MONTHS_BETWEEN_REVIEWS = 54;

/** The rule, in the reader's words, by which a milestone's date is computed ("about 6 months before the review"). */
export function milestoneRule(t: TFunction, kind: MilestoneKind): string {
  return t(`calendar.rule.${kind}`);
}

/** What a milestone is ("Stakeholder submissions due"), in the reader's words. */
export function milestoneKindLabel(t: TFunction, kind: MilestoneKind): string {
  return t(`calendar.kind.${kind}`);
}

/** "Stakeholder submissions due for Kenya's 5th review", in the reader's words (the state's name too). */
export function milestoneTitle(
  t: TFunction,
  lng: Language,
  m: Pick<CalendarMilestone, "kind" | "state" | "stateIso3" | "cycle">,
): string {
  const review = t("calendar.stateReview", {
    state: localStateName(lng, m.stateIso3, m.state),
    count: m.cycle,
    ordinal: true,
  });
  const title = t(`calendar.milestoneTitle.${m.kind}`, { review });
  return `${title[0]!.toUpperCase()}${title.slice(1)}`;
}

/**
 * The milestones of every held review of the state and of the review after the latest one, in date order.
 * A recorded date wins; a computed milestone follows from the (recorded or held) date it is computed from.
 */
export function stateMilestones(state: CalendarState): CalendarMilestone[] {
  const byCycle = new Map(state.reviews.map((r) => [r.cycle, r]));
  const recorded = new Map(state.recorded.map((r) => [`${r.cycle}:${r.kind}`, r.date]));
  const cycles = [...byCycle.keys()].sort((a, b) => a - b);
  if (!cycles.length) return [];
  const out: CalendarMilestone[] = [];
  let previousReview: string | null = null;
  for (let cycle = cycles[0]!; cycle <= cycles.at(-1)! + 1; cycle++) {
    const held = byCycle.get(cycle);
    const at = (
      kind: MilestoneKind,
      date: string | null,
      fromReview: boolean,
    ): { date: string; source: CalendarMilestone["source"] } | null => {
      const r = recorded.get(`${cycle}:${kind}`);
      if (r) return { date: r, source: "recorded" };
      if (date) return { date, source: fromReview ? "review" : "rule" };
      return null;
    };
    const review = at(
      "review",
      held?.reviewDate ?? (previousReview ? addMonths(previousReview, MONTHS_BETWEEN_REVIEWS) : null),
      Boolean(held?.reviewDate),
    );
    if (!review) continue;
    previousReview = review.date;
    const adoption = at("adoption", held?.adoptionDate ?? addMonths(review.date, 5), Boolean(held?.adoptionDate));
    const dates: [MilestoneKind, ReturnType<typeof at>][] = [
      ["submission", at("submission", addMonths(review.date, -6), false)],
      ["pre_session", at("pre_session", addMonths(review.date, -1), false)],
      ["review", review],
      ["adoption", adoption],
      ["midterm", at("midterm", addMonths(adoption!.date, 30), false)],
    ];
    for (const [kind, d] of dates) {
      if (!d) continue;
      out.push({
        state: state.name,
        stateIso3: state.iso3,
        cycle,
        kind,
        date: d.date,
        source: d.source,
      });
    }
  }
  return out.sort((a, b) => a.date.localeCompare(b.date) || a.cycle - b.cycle);
}

/** The first milestone on or after `today`, of all the states' milestones. */
export function nextMilestone<M extends CalendarMilestone>(milestones: readonly M[], today: string): M | null {
  let best: M | null = null;
  for (const m of milestones) if (m.date >= today && (!best || m.date < best.date)) best = m;
  return best;
}

/** Whole days from `today` to `date` (negative when it is past). */
export function daysUntil(date: string, today: string): number {
  return Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}

// ---------------------------------------------------------------------------------------------
// iCalendar (RFC 5545)

/** TEXT values: backslash, semicolon, comma and new lines escaped (RFC 5545 section 3.3.11). */
function icsText(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r?\n/g, "\\n");
}

/** Lines longer than 75 octets are folded: CRLF and one space, never inside a UTF-8 character. */
function fold(line: string): string {
  const bytes = new TextEncoder().encode(line);
  if (bytes.length <= 75) return line;
  const decoder = new TextDecoder("utf-8");
  const parts: string[] = [];
  let start = 0;
  let limit = 75;
  while (start < bytes.length) {
    let end = Math.min(start + limit, bytes.length);
    while (end < bytes.length && (bytes[end]! & 0xc0) === 0x80) end--;
    parts.push(decoder.decode(bytes.subarray(start, end)));
    start = end;
    limit = 74; // the leading space counts
  }
  return parts.join("\r\n ");
}

const compact = (date: string) => date.replace(/-/g, "");

export interface IcsOptions {
  /** The calendar's name, as a phone shows it. */
  name: string;
  /** The address the events link to (the calendar page). */
  url: string;
  /** When the feed is made (DTSTAMP). */
  now: Date;
  /** The host part of each event's UID, so that UIDs are unique to this installation. */
  host: string;
  /** The reader's language: event names and descriptions are in it. */
  t: TFunction;
  lng: Language;
}

/** The milestones as an iCalendar feed: one all-day event each, with a stable UID so that updates replace it. */
export function milestonesToIcs(milestones: readonly CalendarMilestone[], options: IcsOptions): string {
  const stamp = `${options.now.toISOString().replace(/[-:]/g, "").slice(0, 15)}Z`;
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//UPR Monitor//UPR calendar//EN",
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    `X-WR-CALNAME:${icsText(options.name)}`,
  ];
  const { t, lng } = options;
  for (const m of milestones) {
    const next = addDays(m.date, 1);
    const title = milestoneTitle(t, lng, m);
    const how =
      m.source === "rule"
        ? t("feeds.icsEstimated", { rule: milestoneRule(t, m.kind) })
        : m.source === "recorded"
          ? t("feeds.icsRecorded")
          : "";
    lines.push(
      "BEGIN:VEVENT",
      `UID:${m.stateIso3 ?? encodeURIComponent(m.state)}-${m.cycle}-${m.kind}@${options.host}`,
      `DTSTAMP:${stamp}`,
      `DTSTART;VALUE=DATE:${compact(m.date)}`,
      `DTEND;VALUE=DATE:${compact(next)}`,
      `SUMMARY:${icsText(m.source === "rule" ? t("feeds.icsSummaryEstimated", { title }) : title)}`,
      `DESCRIPTION:${icsText(
        `${t("feeds.icsDescription", { kind: milestoneKindLabel(t, m.kind), state: localStateName(lng, m.stateIso3, m.state), cycle: m.cycle })} ${how}`.trim(),
      )}`,
      `URL:${icsText(options.url)}`,
      "TRANSP:TRANSPARENT",
      "END:VEVENT",
    );
  }
  lines.push("END:VCALENDAR");
  return lines.map(fold).join("\r\n") + "\r\n";
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
