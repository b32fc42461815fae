import { Link } from "@remix-run/react";
import { Fragment } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "~/i18n/hooks";

/**
 * Recommending states' names in the reader's language, each linked to its page (/states/<code>) when it has
 * an ISO code.
 */
export function StateLinks({
  states,
  separator,
  lastSeparator,
}: {
  states: readonly { iso3: string | null; name: string }[];
  /** Between names: by default the reader's comma (", ", "، "). */
  separator?: string;
  /** Before the last name ("France, Spain and Chile"); by default the separator. */
  lastSeparator?: string;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const between = separator ?? t("reviews.comma");
  const beforeLast = lastSeparator ?? between;
  return (
    <>
      {states.map((s, i) => (
        <Fragment key={s.iso3 ?? s.name}>
          {i === 0 ? "" : i === states.length - 1 ? beforeLast : between}
          {s.iso3 ? <Link to={`/states/${s.iso3}`}>{f.state(s.iso3, s.name)}</Link> : s.name}
        </Fragment>
      ))}
    </>
  );
}
