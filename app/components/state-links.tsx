import { Link } from "@remix-run/react";
import { Fragment } from "react";

/** Recommending states' names, each linked to its page (/states/<code>) when it has an ISO code. */
export function StateLinks({
  states,
  separator = ", ",
  lastSeparator = separator,
}: {
  states: readonly { iso3: string | null; name: string }[];
  separator?: string;
  /** Before the last name ("France, Spain and Chile"). */
  lastSeparator?: string;
}) {
  return (
    <>
      {states.map((s, i) => (
        <Fragment key={s.iso3 ?? s.name}>
          {i === 0 ? "" : i === states.length - 1 ? lastSeparator : separator}
          {s.iso3 ? <Link to={`/states/${s.iso3}`}>{s.name}</Link> : s.name}
        </Fragment>
      ))}
    </>
  );
}
