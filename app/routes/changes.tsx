// What changed: the latest assessments, newest first, each with the status it replaced; filters by
// state under review, coalition issue, cycle and as-of dates, paged; an Atom feed of the same.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FilterSelect } from "~/components/filter-select";
import { StatusBadge } from "~/components/status-badge";
import { getDb } from "~/db.server";
import { changePlace } from "~/lib/change-text";
import { changesToSearchParams, parseChangesFilter } from "~/lib/changes-filter";
import { changesFilterOptions, listChanges } from "~/models/changes.server";
import { metaT } from "~/i18n/i18n";
import { useFormat } from "~/i18n/hooks";
import { pageMeta } from "~/lib/meta";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = metaT(matches);
  return [
    ...pageMeta(t, t("changes.title"), t("changes.metaDescription")),
    {
      tagName: "link",
      rel: "alternate",
      type: "application/atom+xml",
      title: t("changes.feedLinkTitle"),
      href: `/changes.atom${data?.query ? `?${data.query}` : ""}`,
    },
  ];
};

export async function loader({ request }: LoaderFunctionArgs) {
  const { filter, page, ignored } = parseChangesFilter(new URL(request.url).searchParams);
  const db = await getDb();
  const [changes, options] = await Promise.all([listChanges(db, filter, { page }), changesFilterOptions(db)]);
  return { filter, changes, options, ignored, query: changesToSearchParams(filter).toString() };
}

export default function ChangesPage() {
  const { filter, changes, options, ignored, query } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const f = useFormat();
  const pageLink = (page: number) => `/changes?${changesToSearchParams(filter, page).toString()}`;
  const first = (changes.page - 1) * changes.pageSize + 1;
  const last = Math.min(changes.total, changes.page * changes.pageSize);
  // The feed in the page's language: a feed reader sends no cookie, so the address says it.
  const feedQuery = f.lng === "en" ? query : [query, `lang=${f.lng}`].filter(Boolean).join("&");
  return (
    <>
      <h1>{t("changes.title")}</h1>
      <p className="lead">{t("changes.lead")}</p>
      {ignored.length ? (
        <p className="warn" role="status" data-testid="ignored">
          {t("changes.ignored", { values: ignored.join(", ") })}
        </p>
      ) : null}
      <Form method="get" className="filters" aria-label={t("common.filter")}>
        <FilterSelect
          name="state"
          label={t("common.stateUnderReview")}
          value={filter.state}
          all={t("changes.all")}
          options={options.states.map((s) => ({ value: s.iso3, label: f.state(s.iso3, s.name) }))}
        />
        <FilterSelect
          name="issue"
          label={t("changes.issue")}
          value={filter.issue}
          all={t("changes.all")}
          options={options.issues.map((i) => ({ value: i.slug, label: i.title, dir: "auto" as const }))}
        />
        <FilterSelect
          name="cycle"
          label={t("common.cycle")}
          value={filter.cycle}
          all={t("changes.all")}
          options={options.cycles.map((c) => ({ value: c, label: t("review.cycleTitle", { cycle: c }) }))}
        />
        <label>
          {t("changes.since")} <input type="date" name="since" defaultValue={filter.since ?? ""} />
        </label>
        <label>
          {t("changes.until")} <input type="date" name="until" defaultValue={filter.until ?? ""} />
        </label>
        <button type="submit">{t("common.show")}</button>
      </Form>
      <p role="status" data-testid="changes-count">
        {changes.total === 0
          ? t("changes.noneMatch")
          : changes.pageCount > 1
            ? t("changes.countShown", {
                count: changes.total,
                number: f.number(changes.total),
                first: f.number(first),
                last: f.number(last),
              })
            : t("changes.count", { count: changes.total, number: f.number(changes.total) })}{" "}
        <a href={`/changes.atom${feedQuery ? `?${feedQuery}` : ""}`} className="small">
          {t("changes.follow")}
        </a>
        {filter.since ? (
          <>
            {" · "}
            <Link
              className="small"
              to={`/recommendations?changedSince=${filter.since}${filter.state ? `&state=${filter.state}` : ""}${filter.issue ? `&issue=${filter.issue}` : ""}${filter.cycle ? `&cycle=${filter.cycle}` : ""}`}
            >
              {t("changes.changedSince", { date: f.date(filter.since) })}
            </Link>
          </>
        ) : null}
      </p>
      <ol className="changes" start={first} data-testid="changes">
        {changes.rows.map((c) => (
          <li key={c.assessmentId} className="change" data-assessment={c.assessmentId}>
            <p className="change-head">
              <Link to={`/recommendations/${c.recommendationId}`}>{changePlace(c, t, f.lng)}</Link>
            </p>
            <p className="change-move">
              <StatusBadge status={c.previous} /> <span aria-label={t("changes.became")}>{t("changes.arrow")}</span>{" "}
              <StatusBadge status={c.status} />
            </p>
            <p className="muted small">
              {t("changes.asOf", { date: f.date(c.asOf) })} · <span dir="auto">{c.organisationName}</span>
              {c.isSample ? ` · ${t("states.sampleAssessment")}` : ""}
            </p>
          </li>
        ))}
      </ol>
      {changes.pageCount > 1 ? (
        <nav className="pager" aria-label={t("review.pages")}>
          {changes.page > 1 ? <Link to={pageLink(changes.page - 1)}>{t("changes.newer")}</Link> : <span />}
          <span>{t("common.pageOf", { page: f.number(changes.page), pages: f.number(changes.pageCount) })}</span>
          {changes.page < changes.pageCount ? (
            <Link to={pageLink(changes.page + 1)}>{t("changes.older")}</Link>
          ) : (
            <span />
          )}
        </nav>
      ) : null}
    </>
  );
}
