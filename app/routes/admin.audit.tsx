import type { TFunction } from "i18next";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { AUDIT_TOPICS, auditQueryString, parseAuditQuery, type AuditTopic } from "~/lib/audit-sentence";
import { getDb } from "~/db.server";
import { metaT } from "~/i18n/i18n";
import { useFormat } from "~/i18n/hooks";
import { pageMeta } from "~/lib/meta";
import { readerLanguage, requestT } from "~/http/language.server";
import { restoreAssessment } from "~/models/assessments.server";
import { auditFilterOf, listAudit } from "~/models/audit.server";
import { requireAdmin } from "~/http/session.server";

export const meta: MetaFunction = ({ matches }) => {
  const t = metaT(matches);
  return pageMeta(t, t("admin.audit.title"));
};

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const url = new URL(request.url);
  const query = parseAuditQuery(url.searchParams);
  const words = { t: requestT(request), lng: readerLanguage(request).lng };
  const page = await listAudit(await getDb(), { ...auditFilterOf(query), words });
  const restored = url.searchParams.get("restored") === "1";
  return { ...page, query, entity: query.entity ?? null, entityId: query.entityId ?? null, restored };
}

const Restore = z.object({ intent: z.literal("restore-assessment"), auditId: z.coerce.number().int().positive() });

/** Admins put a deleted assessment back from its deletion's entry. */
export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireAdmin(request);
  const form = Restore.safeParse(Object.fromEntries(await request.formData()));
  const t = requestT(request);
  if (!form.success) return data({ error: t("admin.audit.unknownAction") }, 400);
  const result = await restoreAssessment(await getDb(), { id: admin.id, role: admin.role }, form.data.auditId);
  if (result.ok) return redirect(`/admin/audit?entity=assessment&entityId=${result.assessmentId}&restored=1`, 303);
  const messages = {
    forbidden: t("admin.audit.onlyAdmins"),
    not_found: t("admin.audit.nothingToRestore"),
    already_present: t("admin.audit.alreadyPresent"),
  };
  return data({ error: messages[result.kind] }, result.kind === "already_present" ? 409 : 404);
}

function formatAt(iso: string, t: TFunction): string {
  return t("common.dateTimeUtc", { date: iso.slice(0, 10), time: iso.slice(11, 16) });
}

function Json({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <span className="muted">—</span>;
  return <pre className="audit-json">{JSON.stringify(value, null, 2)}</pre>;
}

export default function AuditPage() {
  const { entries, total, page, pageCount, people, query, restored } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const pageLink = (p: number) => {
    const qs = auditQueryString(query, p);
    return qs ? `/admin/audit?${qs}` : "/admin/audit";
  };
  const csvQs = auditQueryString(query);
  const narrowed = csvQs !== "";
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <>
      <h1>{t("admin.audit.title")}</h1>
      <p className="lead">{t("admin.audit.lead")}</p>
      <Form method="get" className="filters" aria-label={t("admin.audit.filterLabel")}>
        <label>
          {t("admin.audit.whatChanged")}{" "}
          <select name="topic" defaultValue={query.topic ?? ""}>
            <option value="">{t("admin.audit.everything")}</option>
            {Object.keys(AUDIT_TOPICS).map((key) => (
              <option key={key} value={key}>
                {t(`admin.audit.topic.${key as AuditTopic}`)}
              </option>
            ))}
          </select>
        </label>{" "}
        <label>
          {t("admin.audit.who")}{" "}
          <select name="who" defaultValue={query.who === undefined ? "" : String(query.who)}>
            <option value="">{t("admin.audit.anyone")}</option>
            {people.map((p) => (
              <option key={p.id} value={p.id} dir="auto">
                {p.name}
              </option>
            ))}
            <option value="system">{t("admin.audit.system")}</option>
          </select>
        </label>{" "}
        <label>
          {t("admin.audit.from")} <input type="date" name="from" defaultValue={query.from ?? ""} />
        </label>{" "}
        <label>
          {t("admin.audit.to")} <input type="date" name="to" defaultValue={query.to ?? ""} />
        </label>
        {query.recommendation ? <input type="hidden" name="recommendation" value={query.recommendation} /> : null}
        {query.entity ? <input type="hidden" name="entity" value={query.entity} /> : null}
        {query.entity && query.entityId ? <input type="hidden" name="entityId" value={query.entityId} /> : null}{" "}
        <button type="submit">{t("common.show")}</button>{" "}
        {narrowed ? <Link to="/admin/audit">{t("admin.audit.showEverything")}</Link> : null}
      </Form>
      {restored ? (
        <p className="ok" role="status">
          {t("admin.audit.restored")}
        </p>
      ) : null}
      {result && "error" in result ? (
        <p className="error" role="alert">
          {result.error}
        </p>
      ) : null}
      <p className="muted" role="status">
        {t("admin.audit.changes", { count: total, n: f.number(total) })}
        {query.recommendation ? t("admin.audit.aboutOne") : ""}
        {t("admin.audit.pageOf", { page, pages: pageCount })}{" "}
        <a href={`/admin/audit.csv${csvQs ? `?${csvQs}` : ""}`} download>
          {t("admin.audit.downloadCsv")}
        </a>
      </p>
      {entries.length === 0 ? (
        <p>{narrowed ? t("admin.audit.noneForFilter") : t("admin.audit.none")}</p>
      ) : (
        <ol className="audit-entries" data-testid="audit-entries">
          {entries.map((e) => (
            <li key={e.id} className="audit-entry">
              <p>
                <time dateTime={e.at}>{formatAt(e.at, t)}</time>:{" "}
                {e.href ? <Link to={e.href}>{e.sentence}</Link> : e.sentence}
                {e.recommendation ? (
                  <>
                    {" "}
                    <Link className="small" to={`/admin/audit?recommendation=${e.recommendation.id}`}>
                      {t("admin.audit.allChangesToIt")}
                    </Link>
                  </>
                ) : null}
              </p>
              {e.action === "assessment.deleted" ? (
                <Form method="post">
                  <input type="hidden" name="intent" value="restore-assessment" />
                  <input type="hidden" name="auditId" value={e.id} />
                  <button type="submit">{t("admin.audit.restore")}</button>
                </Form>
              ) : null}
              {e.before !== null || e.after !== null ? (
                <details>
                  <summary>{t("admin.audit.details")}</summary>
                  <p className="muted small">
                    <code>
                      {e.action} · {e.entity}
                      {e.entityId ? ` #${e.entityId}` : ""}
                    </code>
                    {e.changed.length && e.before !== null && e.after !== null
                      ? ` · ${t("admin.audit.changed", { keys: e.changed.join(", ") })}`
                      : ""}
                  </p>
                  <div className="audit-before-after">
                    <div>
                      <h3 className="small">{t("admin.audit.before")}</h3>
                      <Json value={e.before} />
                    </div>
                    <div>
                      <h3 className="small">{t("admin.audit.after")}</h3>
                      <Json value={e.after} />
                    </div>
                  </div>
                </details>
              ) : null}
            </li>
          ))}
        </ol>
      )}
      {pageCount > 1 ? (
        <nav aria-label={t("admin.audit.pagesLabel")}>
          {page > 1 ? <Link to={pageLink(page - 1)}>{t("admin.audit.newer")}</Link> : null}
          {page > 1 && page < pageCount ? " · " : null}
          {page < pageCount ? <Link to={pageLink(page + 1)}>{t("admin.audit.older")}</Link> : null}
        </nav>
      ) : null}
    </>
  );
}
