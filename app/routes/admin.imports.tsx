// The imports that were committed, newest first, and undoing one (admins): /admin/imports shows what
// each did; ?undo=<id> shows what undoing it would do (and which recommendations it inserted have
// assessments since) before the admin confirms.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { getDb } from "~/db.server";
import { metaT } from "~/i18n/i18n";
import { useFormat } from "~/i18n/hooks";
import { pageMeta } from "~/lib/meta";
import { requestT } from "~/http/language.server";
import { FORMAT_LABELS } from "~/import/readers/options";
import type { ImportFormat } from "~/import/readers/types";
import { listImportRuns, planUndo, undoImport, type UndoResult } from "~/import/store/import-runs.server";
import { requireAdmin } from "~/http/session.server";
import { TableWrap } from "~/components/table-wrap";

export const meta: MetaFunction = ({ matches }) => {
  const t = metaT(matches);
  return pageMeta(t, t("admin.imports.title"));
};

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
      { result: null, error: requestT(request)("admin.imports.chooseImport") },
      400,
    );
  const result = await undoImport(await getDb(), parsed.data.importId, user.id, {
    removeAssessed: parsed.data.removeAssessed === "1",
  });
  return data({ result, error: null }, result.kind === "undone" ? 200 : 409);
}

const at = (d: Date | string, t: TFunction) => {
  const iso = new Date(d).toISOString();
  return t("common.dateTimeUtc", { date: iso.slice(0, 10), time: iso.slice(11, 16) });
};
const formatName = (t: TFunction, f: string) =>
  Object.hasOwn(FORMAT_LABELS, f) ? t(`import.format.${f as ImportFormat}`) : f;

function UndoMessage({ result }: { result: UndoResult }) {
  const { t } = useTranslation();
  const { number: n } = useFormat();
  switch (result.kind) {
    case "undone":
      return (
        <p className="ok" role="status" data-testid="undo-done">
          {t("admin.imports.undone", { removed: n(result.removed), restored: n(result.restored) })}
          {result.kept ? t("admin.imports.undoneKept", { kept: n(result.kept) }) : ""}
          {result.assessmentsRemoved
            ? t("admin.imports.undoneAssessments", { removed: n(result.assessmentsRemoved) })
            : ""}
          .
        </p>
      );
    case "blocked":
      return (
        <p className="error" role="alert">
          {t("admin.imports.blocked", { id: result.by })}
        </p>
      );
    case "already-undone":
      return (
        <p className="error" role="alert">
          {t("admin.imports.alreadyUndone", { at: at(result.at, t) })}
        </p>
      );
    case "not-found":
      return (
        <p className="error" role="alert">
          {t("admin.imports.notFound")}
        </p>
      );
  }
}

export default function ImportsPage() {
  const { runs, plan } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const f = useFormat();
  const n = (x: number | undefined) => f.number(x ?? 0);
  return (
    <>
      <h1>{t("admin.imports.title")}</h1>
      <p className="lead">
        {t("admin.imports.lead")} <Link to="/import">{t("admin.imports.importFile")}</Link>.
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
            {t("admin.imports.undoHeading", { id: plan.run.id })}{" "}
            {plan.run.fileName ? <span dir="auto">({plan.run.fileName})</span> : t("admin.imports.noFileName")}
            {t("admin.imports.questionMark")}
          </h2>
          <p>{t("admin.imports.undoWhat", { inserted: n(plan.inserted), updated: n(plan.updated) })}</p>
          {plan.blockedBy !== null ? (
            <p className="error">{t("admin.imports.blocked", { id: plan.blockedBy })}</p>
          ) : (
            <Form method="post" className="stack">
              <input type="hidden" name="importId" value={plan.run.id} />
              {plan.assessed.length > 0 ? (
                <fieldset>
                  <legend>
                    {t("admin.imports.assessedSince", { count: plan.assessed.length, n: n(plan.assessed.length) })}
                  </legend>
                  <ul>
                    {plan.assessed.map((a) => (
                      <li key={a.id}>
                        <Link to={`/recommendations/${a.id}`}>{a.paragraph ?? `#${a.id}`}</Link>:{" "}
                        <span lang="en">{a.text.slice(0, 120)}</span> (
                        {t("admin.imports.assessments", { count: a.assessments, n: n(a.assessments) })})
                      </li>
                    ))}
                  </ul>
                  <label className="check">
                    <input type="checkbox" name="removeAssessed" value="1" /> {t("admin.imports.removeAssessed")}
                  </label>
                </fieldset>
              ) : null}
              <p>
                <button type="submit">{t("admin.imports.undoButton", { id: plan.run.id })}</button>{" "}
                <Link to="/admin/imports">{t("common.cancel")}</Link>
              </p>
            </Form>
          )}
        </section>
      ) : null}

      {runs.length === 0 ? (
        <p>{t("admin.imports.none")}</p>
      ) : (
        <TableWrap>
          {(captionId) => (
            <table data-testid="imports">
              <caption id={captionId}>{t("admin.imports.title")}</caption>
              <thead>
                <tr>
                  <th scope="col">#</th>
                  <th scope="col">{t("admin.imports.when")}</th>
                  <th scope="col">{t("admin.imports.file")}</th>
                  <th scope="col">{t("admin.imports.by")}</th>
                  <th scope="col">{t("admin.imports.whatItDid")}</th>
                  <th scope="col">{t("admin.imports.undo")}</th>
                </tr>
              </thead>
              <tbody>
                {runs.map((r) => (
                  <tr key={r.id} id={`import-${r.id}`}>
                    <td>{r.id}</td>
                    <td>{at(r.at, t)}</td>
                    <td>
                      <span dir="auto">{r.fileName ?? "—"}</span>
                      <div className="note">{formatName(t, r.format)}</div>
                    </td>
                    <td dir={r.by ? "auto" : undefined}>{r.by ?? t("admin.imports.commandLine")}</td>
                    <td>
                      {t("admin.imports.counts", {
                        rows: t("admin.imports.rows", { count: r.counts.rows ?? 0, n: n(r.counts.rows) }),
                        inserted: n(r.counts.inserted),
                        merged: n(r.counts.merged),
                        updated: n(r.counts.updated),
                        unchanged: n(r.counts.unchanged),
                      })}
                      {r.counts.uncertain ? t("admin.imports.uncertain", { n: n(r.counts.uncertain) }) : ""}
                    </td>
                    <td>
                      {r.undoneAt ? (
                        r.undoneBy ? (
                          t("admin.imports.undoneAtBy", { at: at(r.undoneAt, t), by: r.undoneBy })
                        ) : (
                          t("admin.imports.undoneAt", { at: at(r.undoneAt, t) })
                        )
                      ) : (
                        <Link to={`/admin/imports?undo=${r.id}`}>{t("admin.imports.undoLink")}</Link>
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
