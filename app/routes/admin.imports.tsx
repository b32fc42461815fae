// The imports that were committed, newest first, and undoing one (admins): /admin/imports shows what
// each did; ?undo=<id> shows what undoing it would do (and which recommendations it inserted have
// assessments since) before the admin confirms.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { getDb } from "~/db.server";
import { FORMAT_LABELS } from "~/import/readers/options";
import type { ImportFormat } from "~/import/readers/types";
import { listImportRuns, planUndo, undoImport, type UndoResult } from "~/import/store/import-runs.server";
import { requireAdmin } from "~/http/session.server";
import { TableWrap } from "~/components/table-wrap";

export const meta: MetaFunction = () => [{ title: "Imports: UPR Monitor" }];

const Query = z.object({ undo: z.coerce.number().int().positive().max(2_147_483_647).optional().catch(undefined) });
const UndoForm = z.object({
  importId: z.coerce.number({ message: "Choose an import." }).int().positive().max(2_147_483_647),
  removeAssessed: z.literal("1").optional().catch(undefined),
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const db = await getDb();
  const { undo } = Query.parse(Object.fromEntries(new URL(request.url).searchParams));
  const runs = await listImportRuns(db);
  const plan = undo === undefined ? null : await planUndo(db, undo);
  return { runs, plan };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireAdmin(request);
  const parsed = UndoForm.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success)
    return data<{ result: UndoResult | null; error: string | null }>(
      { result: null, error: parsed.error.issues[0].message },
      400,
    );
  const result = await undoImport(await getDb(), parsed.data.importId, user.id, {
    removeAssessed: parsed.data.removeAssessed === "1",
  });
  return data({ result, error: null }, result.kind === "undone" ? 200 : 409);
}

const n = (x: number | undefined) => (x ?? 0).toLocaleString("en");
const at = (d: Date | string) => new Date(d).toISOString().slice(0, 16).replace("T", " ") + " UTC";
const formatName = (f: string) => FORMAT_LABELS[f as ImportFormat] ?? f;

function UndoMessage({ result }: { result: UndoResult }) {
  switch (result.kind) {
    case "undone":
      return (
        <p className="ok" role="status" data-testid="undo-done">
          Undone: {n(result.removed)} recommendations removed, {n(result.restored)} put back as they were
          {result.kept ? `; ${n(result.kept)} kept because they have assessments` : ""}
          {result.assessmentsRemoved
            ? `; ${n(result.assessmentsRemoved)} assessments removed (kept in the audit log)`
            : ""}
          .
        </p>
      );
    case "blocked":
      return (
        <p className="error" role="alert">
          Import #{result.by} changed some of the same recommendations later: undo it first.
        </p>
      );
    case "already-undone":
      return (
        <p className="error" role="alert">
          This import was undone already ({at(result.at)}).
        </p>
      );
    case "not-found":
      return (
        <p className="error" role="alert">
          There is no such import.
        </p>
      );
  }
}

export default function ImportsPage() {
  const { runs, plan } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <h1>Imports</h1>
      <p className="lead">
        Every import that changed something, newest first. Undoing one removes the recommendations it added and puts
        back what it changed, in one step, recorded in the audit log. <Link to="/import">Import a file</Link>.
      </p>
      {actionData?.error ? (
        <p className="error" role="alert">
          {actionData.error}
        </p>
      ) : null}
      {actionData?.result ? <UndoMessage result={actionData.result} /> : null}

      {plan && !plan.run.undoneAt && actionData?.result?.kind !== "undone" ? (
        <section className="panel" aria-labelledby="undo-heading" data-testid="undo-plan">
          <h2 id="undo-heading">
            Undo import #{plan.run.id} ({plan.run.fileName ?? "no file name"})?
          </h2>
          <p>
            It removes the {n(plan.inserted)} recommendations this import added and puts back the {n(plan.updated)} it
            changed as they were before.
          </p>
          {plan.blockedBy !== null ? (
            <p className="error">
              Import #{plan.blockedBy} changed some of the same recommendations later: undo it first.
            </p>
          ) : (
            <Form method="post" className="stack">
              <input type="hidden" name="importId" value={plan.run.id} />
              {plan.assessed.length > 0 ? (
                <fieldset>
                  <legend>
                    {n(plan.assessed.length)} of the recommendations it added have assessments since. They are kept
                    unless you tick the box.
                  </legend>
                  <ul>
                    {plan.assessed.map((a) => (
                      <li key={a.id}>
                        <Link to={`/recommendations/${a.id}`}>{a.paragraph ?? `#${a.id}`}</Link>: {a.text.slice(0, 120)}{" "}
                        ({n(a.assessments)} assessments)
                      </li>
                    ))}
                  </ul>
                  <label className="check">
                    <input type="checkbox" name="removeAssessed" value="1" /> Remove them too, with their assessments
                  </label>
                </fieldset>
              ) : null}
              <p>
                <button type="submit">Undo import #{plan.run.id}</button> <Link to="/admin/imports">Cancel</Link>
              </p>
            </Form>
          )}
        </section>
      ) : null}

      {runs.length === 0 ? (
        <p>No import has changed anything yet.</p>
      ) : (
        <TableWrap>
          {(captionId) => (
            <table data-testid="imports">
              <caption id={captionId}>Imports</caption>
              <thead>
                <tr>
                  <th scope="col">#</th>
                  <th scope="col">When</th>
                  <th scope="col">File</th>
                  <th scope="col">By</th>
                  <th scope="col">What it did</th>
                  <th scope="col">Undo</th>
                </tr>
              </thead>
              <tbody>
                {runs.map((r) => (
                  <tr key={r.id} id={`import-${r.id}`}>
                    <td>{r.id}</td>
                    <td>{at(r.at)}</td>
                    <td>
                      {r.fileName ?? "—"}
                      <div className="note">{formatName(r.format)}</div>
                    </td>
                    <td>{r.by ?? "command line"}</td>
                    <td>
                      {n(r.counts.rows)} rows: {n(r.counts.inserted)} new, {n(r.counts.merged)} merged,{" "}
                      {n(r.counts.updated)} changed, {n(r.counts.unchanged)} unchanged
                      {r.counts.uncertain ? `, ${n(r.counts.uncertain)} uncertain left out` : ""}
                    </td>
                    <td>
                      {r.undoneAt ? (
                        `undone ${at(r.undoneAt)}${r.undoneBy ? ` by ${r.undoneBy}` : ""}`
                      ) : (
                        <Link to={`/admin/imports?undo=${r.id}`}>Undo…</Link>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </TableWrap>
      )}
    </>
  );
}
