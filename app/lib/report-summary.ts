// The mid-term report's summary numbers from its list of recommendations, at a date (the mid-term) or
// now; and the text of its printed page margins. Pure.
import { type Response, STATUSES, type Status } from "../../db/schema";
import type { StatusCounts } from "./dashboard-types";
import { atLeastPartially } from "./dashboard-tables";

export interface StatusSummary {
  total: number;
  supported: number;
  /** Supported and at least partially implemented (atLeastPartially in dashboard-tables.ts). */
  supportedImplemented: number;
  byStatus: StatusCounts;
}

export function statusSummary(rows: readonly { response: Response; status: Status }[]): StatusSummary {
  const byStatus = Object.fromEntries(STATUSES.map((s) => [s, 0])) as StatusCounts;
  const supportedCounts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as StatusCounts;
  for (const r of rows) {
    byStatus[r.status] += 1;
    if (r.response === "supported") supportedCounts[r.status] += 1;
  }
  return {
    total: rows.length,
    supported: rows.filter((r) => r.response === "supported").length,
    supportedImplemented: atLeastPartially(supportedCounts),
    byStatus,
  };
}

/** A CSS string literal of any text: quotes, backslashes, line breaks and "<" escaped (safe inside <style>). */
export function cssString(text: string): string {
  return `"${text.replace(/[\\"<>\n\r]/g, (c) => `\\${c.charCodeAt(0).toString(16)} `)}"`;
}

/**
 * The @page rules of the printed report: the coalition at the top left, the date at the top right, page
 * numbers below ("Page 1 of 3" in the reader's language: `pageOf` is its words with {{page}} and {{pages}}
 * left in, such as t("common.pageOf", { page: "{{page}}", pages: "{{pages}}" })). Right to left, the
 * coalition and the date change sides.
 */
export function printPageCss(who: string, date: string, pageOf = "Page {{page}} of {{pages}}", rtl = false): string {
  const pages = pageOf
    .split(/(\{\{pages?\}\})/)
    .filter((part) => part !== "")
    .map((part) => (part === "{{page}}" ? "counter(page)" : part === "{{pages}}" ? "counter(pages)" : cssString(part)))
    .join(" ");
  const [start, end] = rtl ? ["top-right", "top-left"] : ["top-left", "top-right"];
  return `@page { margin: 16mm 14mm 18mm;
  @${start} { content: ${cssString(who)}; font: 9pt system-ui, sans-serif; color: #444; }
  @${end} { content: ${cssString(date)}; font: 9pt system-ui, sans-serif; color: #444; }
  @bottom-center { content: ${pages}; font: 9pt system-ui, sans-serif; color: #444; }
}`;
}
