// The coalition's submissions to UPR reviews (docs/domain.md, "The advocacy loop"): public ones for
// everyone, private ones for signed-in users; editors record a new one here.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { SubmissionForm } from "~/components/submission-form";
import { getDb } from "~/db.server";
import { fieldErrorsOf } from "~/lib/assessment-input";
import { SubmissionFields, type SubmissionFormValues, submissionFormValues } from "~/lib/submission-input";
import { listStatesUnderReview } from "~/models/states.server";
import { createSubmission, listSubmissions } from "~/models/submissions.server";
import { getOptionalUser, requireEditor } from "~/http/session.server";
import { TableWrap } from "~/components/table-wrap";

export const meta: MetaFunction = () => [{ title: "Submissions and asks: UPR Monitor" }];

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
  return (
    <>
      <h1>Submissions and asks</h1>
      <p className="lead">
        A coalition's stakeholder submission to a review, the recommendations it asked for, and which of them
        recommending states took up. A submission stays private (signed-in users only) until it is made public. See also
        the <Link to="/lobbying">lobbying list</Link> and the <Link to="/calendar">UPR calendar</Link>.
      </p>
      {submissions.length ? (
        <TableWrap label="Submissions">
          <table>
            <thead>
              <tr>
                <th scope="col">Submission</th>
                <th scope="col">Review</th>
                <th scope="col">Asks</th>
                <th scope="col">Taken up</th>
                {canEdit ? <th scope="col">Seen by</th> : null}
              </tr>
            </thead>
            <tbody>
              {submissions.map((s) => (
                <tr key={s.id}>
                  <td>
                    <Link to={`/submissions/${s.id}`}>{s.title}</Link>
                    {s.isSample ? <span className="muted"> (sample data)</span> : null}
                    <br />
                    <span className="muted">{s.kind === "joint" ? "Joint submission" : "Individual submission"}</span>
                  </td>
                  <td>
                    {s.stateName}, cycle {s.cycle}
                  </td>
                  <td>{s.asks}</td>
                  <td>{s.asksTakenUp}</td>
                  {canEdit ? <td>{s.isPublic ? "Everyone" : "Signed-in users only"}</td> : null}
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : (
        <p>{canEdit ? "No submission is recorded yet." : "No submission is public yet."}</p>
      )}
      {canEdit ? (
        <section className="panel" aria-labelledby="new-submission" id="new">
          <h2 id="new-submission">Record a submission</h2>
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
            submitLabel="Record submission"
            intent="create"
          />
        </section>
      ) : null}
    </>
  );
}
