import { Link } from "@remix-run/react";
import { Fragment } from "react";

/** A recommendation's tags (SDGs, affected persons), each linked to the recommendations that hold it (/recommendations?<param>=<value>). */
export function TagLinks({
  param,
  values,
  label,
}: {
  param: "sdg" | "affected";
  values: readonly string[];
  label: (value: string) => string;
}) {
  return (
    <>
      {values.map((value, i) => (
        <Fragment key={value}>
          {i === 0 ? "" : "; "}
          <Link to={`/recommendations?${new URLSearchParams({ [param]: value }).toString()}`}>{label(value)}</Link>
        </Fragment>
      ))}
    </>
  );
}
