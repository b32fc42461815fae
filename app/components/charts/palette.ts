// Okabe–Ito colours (safe for the common kinds of colour blindness), and a pattern for each series
// so that no series is told apart by colour alone.
import type { Status } from "../../../db/schema";

/** Text on the charts: the page's ink (app/styles.css --ink), never a series colour (contrast). */
export const INK = "#1b1f24";

export const RESPONSE_COLOURS = { supported: "#009E73", noted: "#E69F00", pending: "#999999" } as const;
export const RESPONSE_PATTERNS = { supported: "solid", noted: "hatch", pending: "dots" } as const;

export const STATUS_COLOURS: Record<Status, string> = {
  not_assessed: "#BBBBBB",
  no_action: "#D55E00",
  in_progress: "#E69F00",
  partially_implemented: "#56B4E9",
  fully_implemented: "#009E73",
};
export const STATUS_PATTERNS: Record<Status, "solid" | "hatch" | "dots" | "cross"> = {
  not_assessed: "dots",
  no_action: "cross",
  in_progress: "hatch",
  partially_implemented: "solid",
  fully_implemented: "solid",
};
