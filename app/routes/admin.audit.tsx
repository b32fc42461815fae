import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { AUDIT_TOPICS, auditQueryString, parseAuditQuery } from "~/lib/audit-sentence";
import { getDb } from "~/db.server";
import { restoreAssessment } from "~/models/assessments.server";
import { auditFilterOf, listAudit } from "~/models/audit.server";
import { requireAdmin } from "~/http/session.server";

export const meta: MetaFunction = () => [{ title: "Audit log: UPR Monitor" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const url = new URL(request.url);
  const query = parseAuditQuery(url.searchParams);
  const page = await listAudit(await getDb(), auditFilterOf(query));
  const restored = url.searchParams.get("restored") === "1";
  return { ...page, query, entity: query.entity ?? null, entityId: query.entityId ?? null, restored };
}

const Restore = z.object({ intent: z.literal("restore-assessment"), auditId: z.coerce.number().int().positive() });

/** Admins put a deleted assessment back from its deletion's entry. */
export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireAdmin(request);
  const form = Restore.safeParse(Object.fromEntries(await request.formData()));
  if (!form.success) return data({ error: "Unknown action." }, 400);
  const result = await restoreAssessment(await getDb(), { id: admin.id, role: admin.role }, form.data.auditId);
  if (result.ok) return redirect(`/admin/audit?entity=assessment&entityId=${result.assessmentId}&restored=1`, 303);
  const messages = {
    forbidden: "Only admins can restore.",
    not_found: "There is nothing to restore from that entry (or its recommendation is gone).",
    already_present: "That assessment is already there.",
  };
  return data({ error: messages[result.kind] }, result.kind === "already_present" ? 409 : 404);
}

function formatAt(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
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
  return (
    <>
      <h1>Audit log</h1>
      <p className="lead">Every change to the data: what changed, who made it and when. Newest first.</p>
      <Form method="get" className="filters" aria-label="Filter the audit log">
        <label>
          What changed{" "}
          <select name="topic" defaultValue={query.topic ?? ""}>
            <option value="">Everything</option>
            {Object.entries(AUDIT_TOPICS).map(([key, t]) => (
              <option key={key} value={key}>
                {t.label}
              </option>
            ))}
          </select>
        </label>{" "}
        <label>
          Who{" "}
          <select name="who" defaultValue={query.who === undefined ? "" : String(query.who)}>
            <option value="">Anyone</option>
            {people.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
            <option value="system">The system (scripts, imports from the command line)</option>
          </select>
        </label>{" "}
        <label>
          From <input type="date" name="from" defaultValue={query.from ?? ""} />
        </label>{" "}
        <label>
          To <input type="date" name="to" defaultValue={query.to ?? ""} />
        </label>
        {query.recommendation ? <input type="hidden" name="recommendation" value={query.recommendation} /> : null}
        {query.entity ? <input type="hidden" name="entity" value={query.entity} /> : null}
        {query.entity && query.entityId ? <input type="hidden" name="entityId" value={query.entityId} /> : null}{" "}
        <button type="submit">Show</button> {narrowed ? <Link to="/admin/audit">Show everything</Link> : null}
      </Form>
      {restored ? (
        <p className="ok" role="status">
          Restored.
        </p>
      ) : null}
      {result && "error" in result ? (
        <p className="error" role="alert">
          {result.error}
        </p>
      ) : null}
      <p className="muted" role="status">
        {total === 1 ? "1 change" : `${total.toLocaleString("en")} changes`}
        {query.recommendation ? " about one recommendation" : ""}; page {page} of {pageCount}.{" "}
        <a href={`/admin/audit.csv${csvQs ? `?${csvQs}` : ""}`} download>
          Download these changes (CSV)
        </a>
      </p>
      {entries.length === 0 ? (
        <p>No changes are recorded{narrowed ? " for this filter" : ""} yet.</p>
      ) : (
        <ol className="audit-entries" data-testid="audit-entries">
          {entries.map((e) => (
            <li key={e.id} className="audit-entry">
              <p>
                <time dateTime={e.at}>{formatAt(e.at)}</time>:{" "}
                {e.href ? <Link to={e.href}>{e.sentence}</Link> : e.sentence}
                {e.recommendation ? (
                  <>
                    {" "}
                    <Link className="small" to={`/admin/audit?recommendation=${e.recommendation.id}`}>
                      (all changes to it)
                    </Link>
                  </>
                ) : null}
              </p>
              {e.action === "assessment.deleted" ? (
                <Form method="post">
                  <input type="hidden" name="intent" value="restore-assessment" />
                  <input type="hidden" name="auditId" value={e.id} />
                  <button type="submit">Restore this assessment</button>
                </Form>
              ) : null}
              {e.before !== null || e.after !== null ? (
                <details>
                  <summary>Details: the stored values before and after</summary>
                  <p className="muted small">
                    {e.action} · {e.entity}
                    {e.entityId ? ` #${e.entityId}` : ""}
                    {e.changed.length && e.before !== null && e.after !== null
                      ? ` · changed: ${e.changed.join(", ")}`
                      : ""}
                  </p>
                  <div className="audit-before-after">
                    <div>
                      <h3 className="small">Before</h3>
                      <Json value={e.before} />
                    </div>
                    <div>
                      <h3 className="small">After</h3>
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
        <nav aria-label="Pages of the audit log">
          {page > 1 ? <Link to={pageLink(page - 1)}>← Newer</Link> : null}
          {page > 1 && page < pageCount ? " · " : null}
          {page < pageCount ? <Link to={pageLink(page + 1)}>Older →</Link> : null}
        </nav>
      ) : null}
    </>
  );
}
