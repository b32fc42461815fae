import type { Status } from "../../db/schema";
import { STATUS_LABELS } from "~/lib/format";

/** A status as words with a shape, never colour alone. */
const MARKS: Record<Status, string> = {
  not_assessed: "○",
  no_action: "✕",
  in_progress: "◔",
  partially_implemented: "◑",
  fully_implemented: "●",
};

export function StatusBadge({ status }: { status: Status }) {
  return (
    <span className={`status status-${status}`}>
      <span aria-hidden="true">{MARKS[status]} </span>
      {STATUS_LABELS[status]}
    </span>
  );
}
