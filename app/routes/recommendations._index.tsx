// Find recommendations: full-text search and filters, all in the URL, working without JavaScript.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { StatusBadge } from "~/components/status-badge";
import { getDb } from "~/db.server";
import { STATUS_LABELS } from "~/lib/assessment-input";
import { RESPONSE_LABELS } from "~/lib/format";
import { filterToSearchParams, parseRecommendationFilter, type RecommendationFilter } from "~/lib/recommendation-filter";
import { searchRecommendations, unknownFilterValues } from "~/models/search.server";
import { getOptionalUser } from "~/session.server";

export const meta: MetaFunction = () => [{ title: "Recommendations: UPR Monitor" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const { filter, options, ignored } = parseRecommendationFilter(url.searchParams);
  const db = await getDb();
  for (const key of await unknownFilterValues(db, filter)) {
    ignored.push(`${key}=${filter[key]}`);
    delete filter[key];
  }
  const [result, user] = await Promise.all([searchRecommendations(db, filter, options), getOptionalUser(request)]);
  return { filter, options: { ...options, page: result.page }, ignored, result, signedIn: Boolean(user) };
}

const ACTION_LABELS: Record<number, string> = { 1: "1 minimal action", 2: "2 continuing action", 3: "3 considering action", 4: "4 general action", 5: "5 specific action" };

export default function RecommendationsPage() {
  const { filter, options, ignored, result } = useLoaderData<typeof loader>();
  const { facets } = result;
  const link = (over: Partial<RecommendationFilter>, page?: number) => {
    const qs = filterToSearchParams({ ...filter, ...over } as RecommendationFilter, { sort: options.sort, page }).toString();
    return qs ? `/recommendations?${qs}` : "/recommendations";
  };
  const first = (result.page - 1) * result.pageSize + 1;
  const last = Math.min(result.total, result.page * result.pageSize);
  return (
    <>
      <h1>Recommendations</h1>
      {ignored.length ? (
        <p className="warn" role="status" data-testid="ignored">
          Ignored unknown filter values: {ignored.join(", ")}.
        </p>
      ) : null}
      <Form method="get" className="search" role="search">
        <label htmlFor="q">Search the texts</label>
        <div className="search-row">
          <input id="q" name="q" type="search" defaultValue={filter.q ?? ""} maxLength={200} placeholder="for example: trafficking" />
          <button type="submit">Search</button>
        </div>
        <details className="filter-panel" open={Object.keys(filter).length > 2 || undefined}>
          <summary>Filters</summary>
          <div className="filters">
            <FacetSelect name="state" label="State under review" value={filter.state} options={facets.state.map((f) => ({ value: f.value, label: `${f.label} (${f.count})` }))} />
            <FacetSelect name="cycle" label="Cycle" value={filter.cycle} options={facets.cycle.map((f) => ({ value: f.value, label: `Cycle ${f.value} (${f.count})` }))} />
            <FacetSelect name="response" label="Response" value={filter.response} options={facets.response.map((f) => ({ value: f.value, label: `${RESPONSE_LABELS[f.value]} (${f.count})` }))} />
            <FacetSelect name="status" label="Current status" value={filter.status} options={facets.status.map((f) => ({ value: f.value, label: `${STATUS_LABELS[f.value]} (${f.count})` }))} />
            <FacetSelect name="from" label="Recommending state" value={filter.from} options={facets.from.map((f) => ({ value: f.value, label: `${f.label} (${f.count})` }))} />
            <FacetSelect name="group" label="Regional group" value={filter.group} options={facets.group.map((f) => ({ value: f.value, label: `${f.value} (${f.count})` }))} />
            <FacetSelect name="action" label="Action category" value={filter.action} options={facets.action.map((f) => ({ value: f.value, label: `${ACTION_LABELS[f.value] ?? f.value} (${f.count})` }))} />
            <FacetSelect name="theme" label="UPR theme" value={filter.theme} options={facets.theme.map((f) => ({ value: f.value, label: `${f.value} (${f.count})` }))} />
            <FacetSelect name="issue" label="Coalition issue" value={filter.issue} options={facets.issue.map((f) => ({ value: f.value, label: `${f.label} (${f.count})` }))} />
            <label>
              Kind
              <select name="kind" defaultValue={filter.kind}>
                <option value="recommendation">Recommendations</option>
                <option value="pledge">Voluntary pledges</option>
              </select>
            </label>
            <label>
              Sort by
              <select name="sort" defaultValue={options.sort}>
                {filter.q ? <option value="relevance">Relevance</option> : null}
                <option value="report">Report order</option>
                <option value="newest">Newest cycle first</option>
                <option value="status">Status (most implemented first)</option>
              </select>
            </label>
          </div>
          <p>
            <button type="submit">Apply</button> <Link to="/recommendations">Clear all</Link>
          </p>
        </details>
      </Form>

      <p role="status" data-testid="result-count">
        {result.total === 0
          ? "No recommendation matches."
          : `${result.total.toLocaleString("en")} ${result.total === 1 ? "recommendation" : filter.kind === "pledge" ? "pledges" : "recommendations"}${result.pageCount > 1 ? `, ${first}–${last} shown` : ""}.`}
      </p>

      <ol className="results" start={first} data-testid="results">
        {result.rows.map((r) => (
          <li key={r.id} className="result">
            <p className="result-head">
              <Link to={`/recommendations/${r.id}`}>
                {r.stateName}, cycle {r.cycle}
                {r.paragraph ? `, ¶ ${r.paragraph}` : ""}
              </Link>{" "}
              <span className={`response response-${r.response}`}>{RESPONSE_LABELS[r.response]}</span> · <StatusBadge status={r.currentStatus} />
            </p>
            <p className="result-text">{r.text}</p>
            <p className="muted small">
              {r.recommendingStates.length ? `Recommended by ${r.recommendingStates.join(", ")}` : null}
              {r.issues.length ? ` · Issues: ${r.issues.map((i) => i.title).join("; ")}` : null}
              {r.themes.length ? ` · Themes: ${r.themes.join("; ")}` : null}
            </p>
          </li>
        ))}
      </ol>

      {result.pageCount > 1 ? (
        <nav className="pager" aria-label="Pages">
          {result.page > 1 ? <Link to={link({}, result.page - 1)}>← Previous</Link> : <span />}
          <span>
            Page {result.page} of {result.pageCount}
          </span>
          {result.page < result.pageCount ? <Link to={link({}, result.page + 1)}>Next →</Link> : <span />}
        </nav>
      ) : null}
    </>
  );
}

function FacetSelect(props: { name: string; label: string; value: string | number | undefined; options: { value: string | number; label: string }[] }) {
  const options = props.options.some((o) => String(o.value) === String(props.value ?? "")) || props.value === undefined ? props.options : [{ value: props.value, label: `${props.value} (0)` }, ...props.options];
  return (
    <label>
      {props.label}
      <select name={props.name} defaultValue={props.value === undefined ? "" : String(props.value)}>
        <option value="">All</option>
        {options.map((o) => (
          <option key={String(o.value)} value={String(o.value)}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}
