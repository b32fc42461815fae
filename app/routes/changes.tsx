// What changed: the latest assessments, newest first, each with the status it replaced; filters by
// state under review, coalition issue, cycle and as-of dates, paged; an Atom feed of the same.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { FilterSelect } from "~/components/filter-select";
import { StatusBadge } from "~/components/status-badge";
import { getDb } from "~/db.server";
import { changePlace } from "~/lib/change-text";
import { changesToSearchParams, parseChangesFilter } from "~/lib/changes-filter";
import { formatDate } from "~/lib/format";
import { changesFilterOptions, listChanges } from "~/models/changes.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: "What changed: UPR Monitor" },
  {
    name: "description",
    content: "The latest implementation assessments of UN Universal Periodic Review recommendations.",
  },
  {
    tagName: "link",
    rel: "alternate",
    type: "application/atom+xml",
    title: "UPR Monitor: what changed (Atom)",
    href: `/changes.atom${data?.query ? `?${data.query}` : ""}`,
  },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const { filter, page, ignored } = parseChangesFilter(new URL(request.url).searchParams);
  const db = await getDb();
  const [changes, options] = await Promise.all([listChanges(db, filter, { page }), changesFilterOptions(db)]);
  return { filter, changes, options, ignored, query: changesToSearchParams(filter).toString() };
}

export default function ChangesPage() {
  const { filter, changes, options, ignored, query } = useLoaderData<typeof loader>();
  const pageLink = (page: number) => `/changes?${changesToSearchParams(filter, page).toString()}`;
  const first = (changes.page - 1) * changes.pageSize + 1;
  const last = Math.min(changes.total, changes.page * changes.pageSize);
  return (
    <>
      <h1>What changed</h1>
      <p className="lead">
        The latest assessments of the recommendations, newest first: the status each recommendation had before, the
        status it has since, the date the facts refer to, and the organisation that assessed it.
      </p>
      {ignored.length ? (
        <p className="warn" role="status" data-testid="ignored">
          Ignored unknown filter values: {ignored.join(", ")}.
        </p>
      ) : null}
      <Form method="get" className="filters" aria-label="Filters">
        <FilterSelect
          name="state"
          label="State under review"
          value={filter.state}
          options={options.states.map((s) => ({ value: s.iso3, label: s.name }))}
        />
        <FilterSelect
          name="issue"
          label="Coalition issue"
          value={filter.issue}
          options={options.issues.map((i) => ({ value: i.slug, label: i.title }))}
        />
        <FilterSelect
          name="cycle"
          label="Cycle"
          value={filter.cycle}
          options={options.cycles.map((c) => ({ value: c, label: `Cycle ${c}` }))}
        />
        <label>
          As of, from <input type="date" name="since" defaultValue={filter.since ?? ""} />
        </label>
        <label>
          to <input type="date" name="until" defaultValue={filter.until ?? ""} />
        </label>
        <button type="submit">Show</button>
      </Form>
      <p role="status" data-testid="changes-count">
        {changes.total === 0
          ? "No assessment matches."
          : `${changes.total.toLocaleString("en")} ${changes.total === 1 ? "assessment" : "assessments"}${changes.pageCount > 1 ? `, ${first}–${last} shown` : ""}.`}{" "}
        <a href={`/changes.atom${query ? `?${query}` : ""}`} className="small">
          Follow these changes (Atom feed)
        </a>
        {filter.since ? (
          <>
            {" · "}
            <Link
              className="small"
              to={`/recommendations?changedSince=${filter.since}${filter.state ? `&state=${filter.state}` : ""}${filter.issue ? `&issue=${filter.issue}` : ""}${filter.cycle ? `&cycle=${filter.cycle}` : ""}`}
            >
              The recommendations changed since {formatDate(filter.since)}
            </Link>
          </>
        ) : null}
      </p>
      <ol className="changes" start={first} data-testid="changes">
        {changes.rows.map((c) => (
          <li key={c.assessmentId} className="change" data-assessment={c.assessmentId}>
            <p className="change-head">
              <Link to={`/recommendations/${c.recommendationId}`}>{changePlace(c)}</Link>
            </p>
            <p className="change-move">
              <StatusBadge status={c.previous} /> <span aria-label="became">→</span> <StatusBadge status={c.status} />
            </p>
            <p className="muted small">
              As of {formatDate(c.asOf)} · {c.organisationName}
              {c.isSample ? " · sample data, not a real assessment" : ""}
            </p>
          </li>
        ))}
      </ol>
      {changes.pageCount > 1 ? (
        <nav className="pager" aria-label="Pages">
          {changes.page > 1 ? <Link to={pageLink(changes.page - 1)}>← Newer</Link> : <span />}
          <span>
            Page {changes.page} of {changes.pageCount}
          </span>
          {changes.page < changes.pageCount ? <Link to={pageLink(changes.page + 1)}>Older →</Link> : <span />}
        </nav>
      ) : null}
    </>
  );
}
