// How one change (an assessment and the status it replaced) reads, on /changes and in its feed, in the
// reader's language (`t`, `lng`). Pure.
import type { TFunction } from "i18next";
import type { Status } from "../../db/schema";
import { localDate, localStateName } from "../i18n/format";
import type { Language } from "../i18n/languages";

export interface ChangeWords {
  stateName: string;
  /** The state under review's ISO code, for its name in the reader's language. */
  stateIso3?: string | null;
  cycle: number;
  paragraph: string | null;
  previous: Status;
  status: Status;
  asOf: string;
  organisationName: string;
  evidence: string;
  isSample: boolean;
}

/** "Kenya, cycle 1, ¶ 101.2". */
export function changePlace(
  c: Pick<ChangeWords, "stateName" | "stateIso3" | "cycle" | "paragraph">,
  t: TFunction,
  lng: Language,
): string {
  const state = localStateName(lng, c.stateIso3, c.stateName);
  return c.paragraph
    ? t("changes.placeParagraph", { state, cycle: c.cycle, paragraph: c.paragraph })
    : t("changes.place", { state, cycle: c.cycle });
}

/** "Kenya, cycle 1, ¶ 101.2: Not assessed → Partially implemented". */
export function changeTitle(c: ChangeWords, t: TFunction, lng: Language): string {
  const move =
    c.previous === c.status
      ? t("changes.confirmed", { status: t(`common.status.${c.status}`) })
      : t("changes.move", { from: t(`common.status.${c.previous}`), to: t(`common.status.${c.status}`) });
  return t("changes.entryTitle", { place: changePlace(c, t, lng), move });
}

/** "As of 3 March 2012, assessed by <organisation>. <evidence, cut at 400 characters>" (+ a sample-data note). */
export function changeSummary(c: ChangeWords, t: TFunction, lng: Language): string {
  const evidence = c.evidence.trim();
  const cut = evidence.length > 400 ? `${evidence.slice(0, 399)}…` : evidence;
  return [
    t("changes.summaryAssessedBy", { date: localDate(lng, c.asOf), organisation: c.organisationName }),
    cut,
    c.isSample ? t("changes.summarySample") : "",
  ]
    .filter(Boolean)
    .join(" ");
}
