import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { plainText } from "~/lib/query-params";
import { getDb } from "~/db.server";
import { restoreAssessment } from "~/models/assessments.server";
import { listAudit } from "~/models/audit.server";
import { requireAdmin } from "~/session.server";

export const meta: MetaFunction = () => [{ title: "Audit log: UPR Monitor" }];

// Bad or missing parameters fall back to the first page of everything instead of failing.
const AuditQuery = z.object({
  page: z.coerce.number().int().min(1).max(1_000_000).catch(1),
  entity: plainText(100).optional().catch(undefined),
  entityId: plainText(100).optional().catch(undefined),
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const query = AuditQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const page = await listAudit(await getDb(), {
    page: query.page,
    entity: query.entity || undefined,
    entityId: query.entityId || undefined,
  });
  const restored = new URL(request.url).searchParams.get("restored") === "1";
  return { ...page, entity: query.entity || null, entityId: query.entityId || null, restored };
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
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}

function Json({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <span className="muted">—</span>;
  return <pre className="audit-json">{JSON.stringify(value, null, 2)}</pre>;
}

export default function AuditPage() {
  const { entries, total, page, pageCount, entities, entity, entityId, restored } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const pageLink = (p: number) => {
    const params = new URLSearchParams();
    if (entity) params.set("entity", entity);
    if (entity && entityId) params.set("entityId", entityId);
    if (p > 1) params.set("page", String(p));
    const qs = params.toString();
    return qs ? `/admin/audit?${qs}` : "/admin/audit";
  };
  return (
    <>
      <h1>Audit log</h1>
      <p className="lead">
        Every change to the data: who made it, when, and the values before and after. Newest first.
      </p>
      <Form method="get" className="filters">
        <label htmlFor="entity">Show changes to</label>{" "}
        <select id="entity" name="entity" defaultValue={entity ?? ""}>
          <option value="">everything</option>
          {entities.map((e) => (
            <option key={e} value={e}>
              {e}
            </option>
          ))}
        </select>{" "}
        <button type="submit">Filter</button>
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
        {total === 1 ? "1 entry" : `${total} entries`}
        {entity ? ` for ${entity}${entityId ? ` #${entityId}` : ""}` : ""}; page {page} of {pageCount}.
      </p>
      {entries.length === 0 ? (
        <p>No changes are recorded{entity ? " for this entity" : ""} yet.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption>Changes, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">What</th>
                <th scope="col">Before</th>
                <th scope="col">After</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id}>
                  <td>
                    <time dateTime={e.at}>{formatAt(e.at)}</time>
                  </td>
                  <td>
                    {e.userEmail ?? (e.userId === null ? <span className="muted">system</span> : `user #${e.userId}`)}
                  </td>
                  <td>
                    {e.action}
                    <br />
                    <Link
                      to={`/admin/audit?entity=${encodeURIComponent(e.entity)}${e.entityId ? `&entityId=${encodeURIComponent(e.entityId)}` : ""}`}
                    >
                      {e.entity}
                      {e.entityId ? ` #${e.entityId}` : ""}
                    </Link>
                    {e.changed.length && e.before !== null && e.after !== null ? (
                      <>
                        <br />
                        <span className="muted">changed: {e.changed.join(", ")}</span>
                      </>
                    ) : null}
                    {e.action === "assessment.deleted" ? (
                      <Form method="post">
                        <input type="hidden" name="intent" value="restore-assessment" />
                        <input type="hidden" name="auditId" value={e.id} />
                        <button type="submit">Restore</button>
                      </Form>
                    ) : null}
                  </td>
                  <td>
                    <Json value={e.before} />
                  </td>
                  <td>
                    <Json value={e.after} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
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
