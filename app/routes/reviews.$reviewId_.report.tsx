// A printable mid-term report of one review: per coalition issue, the numbers, the progress chart and
// the recommendations with their status and evidence. Print it from the browser (print stylesheet).
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { ClientOnly } from "~/components/charts/client-only";
import { ProgressArea } from "~/components/charts/progress-area";
import { ProgressNotes } from "~/components/charts/progress-notes";
import { MidtermBenchmark } from "~/components/midterm-benchmark";
import { ReportRecommendations } from "~/components/report-recommendations";
import { getDb } from "~/db.server";
import { env } from "~/env.server";
import { todayUtc } from "~/lib/dates";
import { localStateName } from "~/i18n/format";
import { useLanguage } from "~/i18n/hooks";
import { metaT } from "~/i18n/i18n";
import { isLanguage, languageDir } from "~/i18n/languages";
import { pageMeta } from "~/lib/meta";
import { countsByResponse } from "~/lib/midterm-benchmark";
import { progressScale } from "~/lib/progress-scale";
import {
  midtermReached,
  milestoneLines,
  pointsToDate,
  progressCaption,
  reportAuthor,
  reportDate,
  reportLead,
  reportPercent,
  reportStateName,
  reportTitle,
  type ReportWords,
  sectionSentence,
  sectionSummaries,
  sectionTitle,
  summaryHeadDates,
  summaryRows,
  unlinkedSentence,
} from "~/lib/midterm-report";
import { printPageCss } from "~/lib/report-summary";
import type { ReviewPeriod } from "~/lib/review-period";
import { loadMidtermReport, type ReportSection } from "~/models/report.server";
import { requestT } from "~/http/language.server";
import { TableWrap } from "~/components/table-wrap";

const Params = z.object({ reviewId: z.coerce.number().int().positive().max(2_147_483_647) });

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = metaT(matches);
  if (!data) return pageMeta(t, t("report.metaTitleBare"));
  const { review, overall } = data.report;
  const h = overall.headline;
  const root = matches.find((m) => m.id === "root")?.data as { lng?: unknown } | undefined;
  const w: ReportWords = { t, lng: isLanguage(root?.lng) ? root.lng : "en" };
  return pageMeta(
    t,
    t("report.metaTitle", { state: localStateName(w.lng, review.stateIso3, review.stateName), cycle: review.cycle }),
    t("report.metaDescription", {
      implemented: h.supportedImplemented,
      supported: h.supported,
      share: reportPercent(w, h.supportedImplemented, h.supported),
    }),
  );
};

// The chart's widest: it fits the printable width of A4 and US Letter portrait (about 690 px at 96 px per inch).
const PRINT_CHART_WIDTH = 660;
// An issue's chart beside its summary table: both fit the printable width side by side.
const SECTION_CHART_WIDTH = 380;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const parsed = Params.safeParse(params);
  if (!parsed.success)
    throw new Response(requestT(request)("report.notFound"), { status: 404, statusText: "Not Found" });
  const report = await loadMidtermReport(await getDb(), parsed.data.reviewId);
  if (!report) throw new Response(requestT(request)("report.notFound"), { status: 404, statusText: "Not Found" });
  return { report, today: todayUtc(), coalition: env().COALITION_NAME ?? null };
}

export default function MidtermReportPage() {
  const { report, today, coalition } = useLoaderData<typeof loader>();
  const { review, period, midterm } = report;
  const who = reportAuthor(coalition, report.organisations);
  const reached = midtermReached(midterm, today);
  const { t } = useTranslation();
  const lng = useLanguage();
  const w: ReportWords = { t, lng };
  const pageOf = t("common.pageOf", { page: "{{page}}", pages: "{{pages}}" });
  return (
    <article className="report">
      {/* The printed pages' margins: the coalition, the date, page numbers (Chromium prints @page margin boxes). */}
      <style
        dangerouslySetInnerHTML={{
          __html: printPageCss(who, reportDate(w, today), pageOf, languageDir(lng) === "rtl"),
        }}
      />
      <p className="crumbs no-print">
        <Link to={review.stateIso3 ? `/?state=${review.stateIso3}` : "/reviews"}>
          {t("report.reviewsOf", { state: reportStateName(w, review) })}
        </Link>{" "}
        / <Link to={`/reviews/${review.id}`}>{t("report.cycle", { cycle: review.cycle })}</Link> /{" "}
        {t("report.midtermReport")} · <PrintButton /> ·{" "}
        <a href={`/reviews/${review.id}/report.docx`}>{t("report.wordDocument")}</a>
      </p>
      <h1>{reportTitle(w, review)}</h1>
      <p className="report-by" data-testid="report-by">
        {t("report.preparedBy")}
        <strong dir="auto">{who}</strong> · {reportDate(w, today)}
      </p>
      <p className="lead">{reportLead(w, review, period, today)}</p>
      {period ? (
        <ul className="milestones">
          {milestoneLines(w, period).map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      ) : null}
      <p className="muted small">{t("report.atLeastPartiallyDefinition")}</p>
      <Section section={report.overall} period={period} id="overall" whole today={today} midterm={midterm} />
      {reached ? (
        <MidtermBenchmark
          stateName={reportStateName(w, review)}
          date={midterm!}
          byResponse={countsByResponse(
            report.overall.recommendations.map((r) => ({
              response: r.response,
              status: r.statusAtMidterm ?? "not_assessed",
            })),
          )}
        />
      ) : null}
      <p>{unlinkedSentence(w, report)}</p>
      {report.issues
        .filter((s) => s.recommendations.length > 0)
        .map((s) => (
          <Section
            key={s.slug}
            section={s}
            period={period}
            id={s.slug!}
            whole={false}
            today={today}
            midterm={midterm}
          />
        ))}
    </article>
  );
}

/** The whole review (numbers and chart), or one coalition issue (its numbers, chart and recommendations). */
function Section({
  section: s,
  period,
  id,
  whole,
  today,
  midterm,
}: {
  section: ReportSection;
  period: ReviewPeriod | null;
  id: string;
  whole: boolean;
  today: string;
  midterm: string | null;
}) {
  const reached = midtermReached(midterm, today);
  const { t } = useTranslation();
  const lng = useLanguage();
  const w: ReportWords = { t, lng };
  const { now, then } = sectionSummaries(s.recommendations, midterm, today);
  const points = pointsToDate(s.points, today);
  const rows = points.map((p) => ({ month: p.month, ...p.counts }));
  return (
    <section className="report-section" aria-labelledby={`h-${id}`} data-testid={`report-${id}`}>
      <div className="report-section-head">
        <h2 id={`h-${id}`} dir={whole ? undefined : "auto"}>
          {sectionTitle(w, s)}
        </h2>
        {s.description ? (
          <p className="muted report-section-description" dir="auto">
            {s.description}
          </p>
        ) : null}
        {whole ? null : <p className="report-section-numbers">{sectionSentence(w, now, then, midterm)}</p>}
        <div className={whole ? "report-overview whole" : "report-overview"}>
          <SummaryTable
            heads={summaryHeadDates(w, midterm, reached, today)}
            rows={summaryRows(w, now, then)}
            caption={whole ? t("report.captionWhole") : t("report.captionIssue")}
          />
          {period && points.length ? (
            <figure className="chart">
              <figcaption>{whole ? progressCaption(w, points) : t("report.issueChartCaption")}</figcaption>
              <ProgressNotes rows={rows} period={whole ? period : undefined} />
              <div className="chart-area" aria-hidden="true">
                <ClientOnly fallback={<p className="muted small">{t("report.chartFallback")}</p>}>
                  {() => (
                    <ProgressArea
                      assessedOnly={progressScale(rows).assessedOnly}
                      legend={whole}
                      maxWidth={whole ? PRINT_CHART_WIDTH : SECTION_CHART_WIDTH}
                      height={whole ? 200 : 150}
                      id={`p-${id}`}
                      rows={rows}
                      milestones={period.milestones}
                    />
                  )}
                </ClientOnly>
              </div>
            </figure>
          ) : null}
        </div>
      </div>
      {whole ? null : (
        <>
          <h3 className="report-recs-heading">
            {t("report.linkedHeading", { count: s.recommendations.length })}
            {midterm ? (
              <span className="small">{t("report.linkedHeadingMidterm", { date: reportDate(w, midterm) })}</span>
            ) : null}
          </h3>
          <ReportRecommendations
            recommendations={s.recommendations}
            reached={reached}
            label={t("report.linkedLabel", { title: s.title })}
          />
        </>
      )}
    </section>
  );
}

/** The summary numbers at the mid-term date beside those now. */
function SummaryTable({
  rows,
  heads,
  caption,
}: {
  rows: ReturnType<typeof summaryRows>;
  heads: { then: string; now: string };
  caption: string;
}) {
  const { t } = useTranslation();
  return (
    <TableWrap label={caption}>
      <table className="numbers summary">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <td />
            <th scope="col">
              {t("report.atMidterm")}
              <br />
              <span className="small">{heads.then}</span>
            </th>
            <th scope="col">
              {t("report.now")}
              <br />
              <span className="small">{heads.now}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.label}>
              <th scope="row">{r.label}</th>
              <td>{r.then}</td>
              <td>{r.now}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

function PrintButton() {
  const { t } = useTranslation();
  return (
    <button type="button" className="link" onClick={() => window.print()}>
      {t("report.print")}
    </button>
  );
}
