// Find recommendations: full-text search and filters, all in the URL, working without JavaScript.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { StateLinks } from "~/components/state-links";
import { StatusBadge } from "~/components/status-badge";
import { RecommendationFilters } from "~/components/recommendation-filters";
import { metaT } from "~/i18n/i18n";
import { pageMeta } from "~/lib/meta";
import { getDb } from "~/db.server";
import { RESPONSE_LABELS } from "~/lib/format";
import { filterToSearchParams, MAX_QUERY_LENGTH, type RecommendationFilter } from "~/lib/recommendation-filter";
import { filterFromRequest } from "~/http/filter-request.server";
import { linkRecommendations, listIssues, MAX_BULK_LINKS, unlinkRecommendations } from "~/models/issues.server";
import { searchRecommendations } from "~/models/search.server";
import { getOptionalUser, requireEditor } from "~/http/session.server";

export const meta: MetaFunction = ({ matches }) =>
  pageMeta(
    metaT(matches),
    "Recommendations",
    "Search the UPR recommendations by text, state, cycle, response, status, recommending state and coalition issue.",
  );

/** The note the bulk link action leaves in the URL: only its own wording, so a link cannot put other words on the page. */
const BulkNote = z.string().regex(/^(Linked \d+ \(\d+ were linked already\)|Unlinked \d+ \(\d+ were not linked\))\.$/);

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, filter, options, ignored, cut, url } = await filterFromRequest(request);
  const [result, user] = await Promise.all([searchRecommendations(db, filter, options), getOptionalUser(request)]);
  // Editors link the listed recommendations to a coalition issue in bulk.
  const issues = user
    ? (await listIssues(db)).filter((i) => !i.archived).map((i) => ({ id: i.id, title: i.title }))
    : [];
  const note = BulkNote.safeParse(url.searchParams.get("note"));
  return {
    filter,
    options: { ...options, page: result.page },
    ignored,
    searchCut: cut.includes("q"),
    result,
    signedIn: Boolean(user),
    issues,
    note: note.success ? note.data : null,
  };
}

const BulkLink = z.object({
  intent: z.enum(["link", "unlink"]),
  issueId: z.coerce.number().int().positive({ message: "Choose a coalition issue" }),
  ids: z.array(z.coerce.number().int().positive()).min(1, "Tick at least one recommendation").max(MAX_BULK_LINKS),
  back: z
    .string()
    .max(2000)
    .regex(/^\/recommendations(\?|$)/)
    .catch("/recommendations"),
});

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireEditor(request);
  const form = await request.formData();
  const parsed = BulkLink.safeParse({
    intent: form.get("intent"),
    issueId: form.get("issueId"),
    ids: form.getAll("ids"),
    back: form.get("back"),
  });
  if (!parsed.success) return data({ error: parsed.error.issues[0]!.message }, 400);
  const { intent, issueId, ids, back } = parsed.data;
  const actor = { id: user.id, role: user.role };
  const db = await getDb();
  const result =
    intent === "link"
      ? await linkRecommendations(db, actor, issueId, ids)
      : await unlinkRecommendations(db, actor, issueId, ids);
  if (!result.ok)
    return data(
      { error: result.kind === "archived" ? "That issue is archived: unarchive it first." : "There is no such issue." },
      400,
    );
  const note =
    "linked" in result
      ? `Linked ${result.linked} (${result.alreadyLinked} were linked already).`
      : `Unlinked ${result.unlinked} (${result.notLinked} were not linked).`;
  const url = new URL(back, "http://local.invalid");
  url.searchParams.set("note", note);
  return redirect(url.pathname + url.search, 303);
}

export default function RecommendationsPage() {
  const { filter, options, ignored, searchCut, result, signedIn, issues, note } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { facets } = result;
  const link = (over: Partial<RecommendationFilter>, page?: number) => {
    const qs = filterToSearchParams({ ...filter, ...over } as RecommendationFilter, {
      sort: options.sort,
      page,
    }).toString();
    return qs ? `/recommendations?${qs}` : "/recommendations";
  };
  const exportQs = filterToSearchParams(filter).toString();
  const exportQuery = exportQs ? `?${exportQs}` : "";
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
      {searchCut ? (
        <p className="warn" role="status" data-testid="search-cut">
          The search text was longer than {MAX_QUERY_LENGTH} characters: only its first {MAX_QUERY_LENGTH} are searched.
        </p>
      ) : null}
      <RecommendationFilters action="/recommendations" filter={filter} facets={facets}>
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
      </RecommendationFilters>

      <p role="status" data-testid="result-count">
        {result.total === 0
          ? "No recommendation matches."
          : `${result.total.toLocaleString("en")} ${result.total === 1 ? "recommendation" : filter.kind === "pledge" ? "pledges" : "recommendations"}${result.pageCount > 1 ? `, ${first}–${last} shown` : ""}.`}
      </p>
      {filter.from ? (
        <p className="small" data-testid="state-page-link">
          <Link to={`/states/${filter.from}${filter.state ? `?state=${filter.state}` : ""}`}>
            {facets.from.find((f) => f.value === filter.from)?.label ?? filter.from}: its recommendations, responses and
            status, as a brief to print
          </Link>
        </p>
      ) : null}
      {result.total > 0 ? (
        <p className="small" data-testid="export-links">
          <a href={`/export.csv${exportQuery}`} download>
            Export (CSV)
          </a>{" "}
          · <Link to={`/export/matrix${exportQuery}`}>OHCHR matrix</Link>
        </p>
      ) : null}

      {note ? (
        <p className="ok" role="status">
          {note}
        </p>
      ) : null}
      {actionData && "error" in actionData ? (
        <p className="error" role="alert">
          {actionData.error}
        </p>
      ) : null}
      <Form method="post" id="bulk-link" className={signedIn && issues.length ? "bulk-link" : "hidden"}>
        <input type="hidden" name="back" value={link({}, result.page)} />
        {signedIn && issues.length ? (
          <fieldset className="filters">
            <legend>Link the ticked recommendations to a coalition issue</legend>
            <label>
              Issue
              <select name="issueId" defaultValue="">
                <option value="" disabled>
                  Choose an issue
                </option>
                {issues.map((i) => (
                  <option key={i.id} value={i.id}>
                    {i.title}
                  </option>
                ))}
              </select>
            </label>
            <button type="submit" name="intent" value="link">
              Link
            </button>
            <button type="submit" name="intent" value="unlink" className="secondary">
              Unlink
            </button>
          </fieldset>
        ) : null}
      </Form>
      <ol className="results" start={first} data-testid="results">
        {result.rows.map((r) => (
          <li key={r.id} className="result">
            <p className="result-head">
              {signedIn && issues.length ? (
                <input
                  type="checkbox"
                  name="ids"
                  value={r.id}
                  form="bulk-link"
                  aria-label={`Tick ${r.stateName} ${r.paragraph ?? r.id}`}
                />
              ) : null}{" "}
              <Link to={`/recommendations/${r.id}`}>
                {r.stateName}, cycle {r.cycle}
                {r.paragraph ? `, ¶ ${r.paragraph}` : ""}
              </Link>{" "}
              <span className={`response response-${r.response}`}>{RESPONSE_LABELS[r.response]}</span> ·{" "}
              <StatusBadge status={r.currentStatus} />
            </p>
            <p className="result-text">{r.text}</p>
            <p className="muted small">
              {r.recommendingStates.length ? (
                <>
                  Recommended by <StateLinks states={r.recommendingStates} />
                </>
              ) : null}
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
