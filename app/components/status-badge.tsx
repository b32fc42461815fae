import { useTranslation } from "react-i18next";
import type { Status } from "../../db/schema";

/** A status as words with a shape, never colour alone. */
const MARKS: Record<Status, string> = {
  not_assessed: "○",
  no_action: "✕",
  in_progress: "◔",
  partially_implemented: "◑",
  fully_implemented: "●",
};

export function StatusBadge({ status }: { status: Status }) {
  const { t } = useTranslation();
  return (
    <span className={`status status-${status}`}>
      <span aria-hidden="true">{MARKS[status]} </span>
      {t(`common.status.${status}`)}
    </span>
  );
}
