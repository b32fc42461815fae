// The mid-term report's summary numbers from its list of recommendations, at a date (the mid-term) or
// now; and the text of its printed page margins. Pure.
import { type Response, STATUSES, type Status } from "../../db/schema";
import type { StatusCounts } from "./dashboard-types";
import { atLeastPartially } from "./dashboard-tables";

export interface StatusSummary {
  total: number;
  supported: number;
  /** Supported and at least partially implemented (AT_LEAST_PARTIALLY_DEFINITION). */
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

/** The @page rules of the printed report: the coalition at the top left, the date at the top right, page numbers below. */
export function printPageCss(who: string, date: string): string {
  return `@page { margin: 16mm 14mm 18mm;
  @top-left { content: ${cssString(who)}; font: 9pt system-ui, sans-serif; color: #444; }
  @top-right { content: ${cssString(date)}; font: 9pt system-ui, sans-serif; color: #444; }
  @bottom-center { content: "Page " counter(page) " of " counter(pages); font: 9pt system-ui, sans-serif; color: #444; }
}`;
}
