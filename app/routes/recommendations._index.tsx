// Find recommendations: full-text search and filters, all in the URL, working without JavaScript.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { StateLinks } from "~/components/state-links";
import { StatusBadge } from "~/components/status-badge";
import { RecommendationFilters } from "~/components/recommendation-filters";
import { metaT } from "~/i18n/i18n";
import { useFormat } from "~/i18n/hooks";
import { readerLanguage, requestT } from "~/http/language.server";
import { pageMeta } from "~/lib/meta";
import { getDb } from "~/db.server";
import { filterToSearchParams, MAX_QUERY_LENGTH, type RecommendationFilter } from "~/lib/recommendation-filter";
import { filterFromRequest } from "~/http/filter-request.server";
import { linkRecommendations, listIssues, MAX_BULK_LINKS, unlinkRecommendations } from "~/models/issues.server";
import { searchRecommendations } from "~/models/search.server";
import { getOptionalUser, requireEditor } from "~/http/session.server";

export const meta: MetaFunction = ({ matches }) => {
  const t = metaT(matches);
  return pageMeta(t, t("common.recommendations"), t("recommendations.metaDescription"));
};

/**
 * The note the bulk link action leaves in the URL: only its own wording, so a link cannot put other words on
 * the page. Its English form is a code; the page says it in the reader's language (its numbers read from it).
 */
const BulkNote = z.string().regex(/^(Linked \d+ \(\d+ were linked already\)|Unlinked \d+ \(\d+ were not linked\))\.$/);

function bulkNoteNumbers(note: string): { linked: boolean; done: number; already: number } {
  const [done, already] = (note.match(/\d+/g) ?? ["0", "0"]).map(Number);
  return { linked: note.startsWith("Linked"), done: done ?? 0, already: already ?? 0 };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, filter, options, ignored, cut, url } = await filterFromRequest(request);
  const [result, user] = await Promise.all([
    searchRecommendations(db, filter, { ...options, language: readerLanguage(request).lng }),
    getOptionalUser(request),
  ]);
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
  issueId: z.coerce.number().int().positive({ message: "chooseIssue" }),
  ids: z.array(z.coerce.number().int().positive()).min(1, "tickOne").max(MAX_BULK_LINKS, "tooMany"),
  back: z
    .string()
    .max(2000)
    .regex(/^\/recommendations(\?|$)/)
    .catch("/recommendations"),
});

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireEditor(request);
  const t = requestT(request);
  const form = await request.formData();
  const parsed = BulkLink.safeParse({
    intent: form.get("intent"),
    issueId: form.get("issueId"),
    ids: form.getAll("ids"),
    back: form.get("back"),
  });
  if (!parsed.success) {
    const message = parsed.error.issues[0]!.message;
    const known = ["chooseIssue", "tickOne", "tooMany"] as const;
    const key = known.find((k) => k === message) ?? "invalid";
    return data({ error: t(`recommendations.bulk.${key}`, { max: MAX_BULK_LINKS }) }, 400);
  }
  const { intent, issueId, ids, back } = parsed.data;
  const actor = { id: user.id, role: user.role };
  const db = await getDb();
  const result =
    intent === "link"
      ? await linkRecommendations(db, actor, issueId, ids)
      : await unlinkRecommendations(db, actor, issueId, ids);
  if (!result.ok)
    return data(
      { error: result.kind === "archived" ? t("recommendations.bulk.archived") : t("recommendations.bulk.noIssue") },
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
  const { t } = useTranslation();
  const fmt = useFormat();
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
  const counted = t(filter.kind === "pledge" ? "recommendations.pledgeCount" : "recommendations.count", {
    count: result.total,
    total: fmt.number(result.total),
  });
  const bulkNote = note ? bulkNoteNumbers(note) : null;
  const fromFacet = facets.from.find((f) => f.value === filter.from);
  return (
    <>
      <h1>{t("common.recommendations")}</h1>
      {ignored.length ? (
        <p className="warn" role="status" data-testid="ignored">
          {t("dashboard.ignored")} <span dir="auto">{ignored.join(", ")}</span>.
        </p>
      ) : null}
      {searchCut ? (
        <p className="warn" role="status" data-testid="search-cut">
          {t("recommendations.searchCut", { max: MAX_QUERY_LENGTH })}
        </p>
      ) : null}
      <RecommendationFilters action="/recommendations" filter={filter} facets={facets}>
        <label>
          {t("recommendations.kind")}
          <select name="kind" defaultValue={filter.kind}>
            <option value="recommendation">{t("common.recommendations")}</option>
            <option value="pledge">{t("recommendations.pledges")}</option>
          </select>
        </label>
        <label>
          {t("recommendations.sortBy")}
          <select name="sort" defaultValue={options.sort}>
            {filter.q ? <option value="relevance">{t("recommendations.sort.relevance")}</option> : null}
            <option value="report">{t("recommendations.sort.report")}</option>
            <option value="newest">{t("recommendations.sort.newest")}</option>
            <option value="status">{t("recommendations.sort.status")}</option>
          </select>
        </label>
      </RecommendationFilters>

      <p role="status" data-testid="result-count">
        {result.total === 0
          ? t("recommendations.noMatch")
          : result.pageCount > 1
            ? t("recommendations.countShown", { counted, first: fmt.number(first), last: fmt.number(last) })
            : t("recommendations.countAll", { counted })}
      </p>
      {filter.from ? (
        <p className="small" data-testid="state-page-link">
          <Link to={`/states/${filter.from}${filter.state ? `?state=${filter.state}` : ""}`}>
            {t("recommendations.statePage", {
              state: fromFacet ? fmt.state(fromFacet.value, fromFacet.label ?? fromFacet.value) : filter.from,
            })}
          </Link>
        </p>
      ) : null}
      {result.total > 0 ? (
        <p className="small" data-testid="export-links">
          <a href={`/export.csv${exportQuery}`} download>
            {t("recommendations.exportCsv")}
          </a>{" "}
          · <Link to={`/export/matrix${exportQuery}`}>{t("recommendations.matrix")}</Link>
        </p>
      ) : null}

      {bulkNote ? (
        <p className="ok" role="status">
          {bulkNote.linked
            ? t("recommendations.bulk.linked", { count: bulkNote.done, already: bulkNote.already })
            : t("recommendations.bulk.unlinked", { count: bulkNote.done, already: bulkNote.already })}
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
            <legend>{t("recommendations.bulk.legend")}</legend>
            <label>
              {t("recommendations.bulk.issue")}
              <select name="issueId" defaultValue="">
                <option value="" disabled>
                  {t("recommendations.bulk.chooseAnIssue")}
                </option>
                {issues.map((i) => (
                  <option key={i.id} value={i.id} dir="auto">
                    {i.title}
                  </option>
                ))}
              </select>
            </label>
            <button type="submit" name="intent" value="link">
              {t("recommendations.bulk.link")}
            </button>
            <button type="submit" name="intent" value="unlink" className="secondary">
              {t("recommendations.bulk.unlink")}
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
                  aria-label={t("recommendations.tick", {
                    state: fmt.state(r.stateIso3, r.stateName),
                    paragraph: r.paragraph ?? r.id,
                  })}
                />
              ) : null}{" "}
              <Link to={`/recommendations/${r.id}`}>
                {t(r.paragraph ? "recommendations.headParagraph" : "recommendations.head", {
                  state: fmt.state(r.stateIso3, r.stateName),
                  cycle: r.cycle,
                  paragraph: r.paragraph,
                })}
              </Link>{" "}
              <span className={`response response-${r.response}`}>{t(`common.response.${r.response}`)}</span> ·{" "}
              <StatusBadge status={r.currentStatus} />
            </p>
            <p className="result-text" lang="en" dir="ltr">
              {r.text}
            </p>
            <p className="muted small">
              {r.recommendingStates.length ? (
                <>
                  {t("recommendations.recommendedBy")}{" "}
                  <StateLinks states={r.recommendingStates.map((s) => ({ ...s, name: fmt.state(s.iso3, s.name) }))} />
                </>
              ) : null}
              {r.issues.length ? (
                <>
                  {" · "}
                  {t("recommendations.issuesLabel")} <span dir="auto">{r.issues.map((i) => i.title).join("; ")}</span>
                </>
              ) : null}
              {r.themes.length ? (
                <>
                  {" · "}
                  {t("recommendations.themesLabel")} <span lang="en">{r.themes.join("; ")}</span>
                </>
              ) : null}
            </p>
          </li>
        ))}
      </ol>

      {result.pageCount > 1 ? (
        <nav className="pager" aria-label={t("recommendations.pages")}>
          {result.page > 1 ? <Link to={link({}, result.page - 1)}>{t("recommendations.previous")}</Link> : <span />}
          <span>{t("common.pageOf", { page: fmt.number(result.page), pages: fmt.number(result.pageCount) })}</span>
          {result.page < result.pageCount ? (
            <Link to={link({}, result.page + 1)}>{t("recommendations.next")}</Link>
          ) : (
            <span />
          )}
        </nav>
      ) : null}
    </>
  );
}
