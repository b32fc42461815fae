// How one change (an assessment and the status it replaced) reads, on /changes and in its feed. Pure.
import type { Status } from "../../db/schema";
import { formatDate, STATUS_LABELS } from "./format";

export interface ChangeWords {
  stateName: string;
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
export function changePlace(c: Pick<ChangeWords, "stateName" | "cycle" | "paragraph">): string {
  return `${c.stateName}, cycle ${c.cycle}${c.paragraph ? `, ¶ ${c.paragraph}` : ""}`;
}

/** "Kenya, cycle 1, ¶ 101.2: Not assessed → Partially implemented". */
export function changeTitle(c: ChangeWords): string {
  const move =
    c.previous === c.status
      ? `${STATUS_LABELS[c.status]} (confirmed)`
      : `${STATUS_LABELS[c.previous]} → ${STATUS_LABELS[c.status]}`;
  return `${changePlace(c)}: ${move}`;
}

/** "As of 3 March 2012, assessed by <organisation>. <evidence, cut at 400 characters>" (+ a sample-data note). */
export function changeSummary(c: ChangeWords): string {
  const evidence = c.evidence.trim();
  const cut = evidence.length > 400 ? `${evidence.slice(0, 399)}…` : evidence;
  return [
    `As of ${formatDate(c.asOf)}, assessed by ${c.organisationName}.`,
    cut,
    c.isSample ? "(Sample data, not a real assessment.)" : "",
  ]
    .filter(Boolean)
    .join(" ");
}
