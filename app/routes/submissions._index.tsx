// The coalition's submissions to UPR reviews (docs/domain.md, "The advocacy loop"): public ones for
// everyone, private ones for signed-in users; editors record a new one here.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";
import { metaT } from "~/i18n/i18n";
import { useFormat } from "~/i18n/hooks";
import { pageMeta } from "~/lib/meta";
import { SubmissionForm } from "~/components/submission-form";
import { getDb } from "~/db.server";
import { fieldErrorsOf } from "~/lib/assessment-input";
import { SubmissionFields, type SubmissionFormValues, submissionFormValues } from "~/lib/submission-input";
import { listStatesUnderReview } from "~/models/states.server";
import { createSubmission, listSubmissions } from "~/models/submissions.server";
import { getOptionalUser, requireEditor } from "~/http/session.server";
import { TableWrap } from "~/components/table-wrap";

export const meta: MetaFunction = ({ matches }) => {
  const t = metaT(matches);
  return pageMeta(t, t("submissions.title"));
};

export async function loader({ request }: LoaderFunctionArgs) {
  const db = await getDb();
  const user = await getOptionalUser(request);
  const [submissions, states] = await Promise.all([
    listSubmissions(db, { signedIn: user !== null }),
    user ? listStatesUnderReview(db) : Promise.resolve([]),
  ]);
  return { submissions, states, canEdit: user !== null };
}

type ActionResult = { fieldErrors: Record<string, string | undefined>; values: SubmissionFormValues };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireEditor(request);
  const values = submissionFormValues(await request.formData());
  const fields = SubmissionFields.safeParse(values);
  if (!fields.success) return data<ActionResult>({ fieldErrors: fieldErrorsOf(fields.error), values }, 400);
  const result = await createSubmission(await getDb(), { id: user.id, role: user.role }, fields.data);
  if (!result.ok)
    return data<ActionResult>({ fieldErrors: result.kind === "invalid" ? result.fieldErrors : {}, values }, 400);
  return redirect(`/submissions/${result.id}?created=1`, 303);
}

export default function SubmissionsPage() {
  const { submissions, states, canEdit } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <>
      <h1>{t("submissions.title")}</h1>
      <p className="lead">
        <Trans
          i18nKey="submissions.lead"
          components={[<Link key="0" to="/lobbying" />, <Link key="1" to="/calendar" />]}
        />
      </p>
      {submissions.length ? (
        <TableWrap label={t("submissions.tableLabel")}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("submissions.submission")}</th>
                <th scope="col">{t("common.review")}</th>
                <th scope="col">{t("submissions.asks")}</th>
                <th scope="col">{t("submissions.takenUp")}</th>
                {canEdit ? <th scope="col">{t("submissions.seenBy")}</th> : null}
              </tr>
            </thead>
            <tbody>
              {submissions.map((s) => (
                <tr key={s.id}>
                  <td>
                    <Link to={`/submissions/${s.id}`} dir="auto">
                      {s.title}
                    </Link>
                    {s.isSample ? <span className="muted"> {t("submissions.sampleMark")}</span> : null}
                    <br />
                    <span className="muted">
                      {s.kind === "joint" ? t("submissions.joint") : t("submissions.individual")}
                    </span>
                  </td>
                  <td>{t("changes.place", { state: f.state(s.stateIso3, s.stateName), cycle: s.cycle })}</td>
                  <td>{f.number(s.asks)}</td>
                  <td>{f.number(s.asksTakenUp)}</td>
                  {canEdit ? <td>{s.isPublic ? t("submissions.everyone") : t("submissions.signedInOnly")}</td> : null}
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : (
        <p>{canEdit ? t("submissions.noneRecorded") : t("submissions.nonePublic")}</p>
      )}
      {canEdit ? (
        <section className="panel" aria-labelledby="new-submission" id="new">
          <h2 id="new-submission">{t("submissions.recordHeading")}</h2>
          <SubmissionForm
            states={states}
            defaults={
              result?.values ?? {
                title: "",
                kind: "joint",
                state: states[0]?.iso3 ?? "",
                cycle: "",
                organisations: "",
                body: "",
                footnotes: "",
                isPublic: false,
              }
            }
            errors={result?.fieldErrors ?? {}}
            submitLabel={t("submissions.recordSubmit")}
            intent="create"
          />
        </section>
      ) : null}
    </>
  );
}
