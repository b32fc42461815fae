// The coalition's issues, each with how many recommendations are linked and their current status;
// editors also find a form to add an issue here.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { STATUSES } from "../../db/schema";
import { IssueForm, type IssueFormValues } from "~/components/issue-form";
import { StatusBadge } from "~/components/status-badge";
import { metaT } from "~/i18n/i18n";
import { pageMeta } from "~/lib/meta";
import { getDb } from "~/db.server";
import { fieldErrorsOf } from "~/lib/assessment-input";
import { NewIssueFields } from "~/lib/issue-input";
import { createIssue, listIssues } from "~/models/issues.server";
import { getOptionalUser, requireEditor } from "~/http/session.server";

export const meta: MetaFunction = ({ matches }) =>
  pageMeta(
    metaT(matches),
    "Coalition issues",
    "The coalition's issues, and the UPR recommendations linked to each, with their status.",
  );

export async function loader({ request }: LoaderFunctionArgs) {
  const db = await getDb();
  const [issues, user] = await Promise.all([listIssues(db), getOptionalUser(request)]);
  return { issues, canEdit: user !== null };
}

type ActionResult = { kind: "invalid"; fieldErrors: Record<string, string | undefined>; values: IssueFormValues };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireEditor(request);
  const form = Object.fromEntries(await request.formData());
  const text = (key: string) => (typeof form[key] === "string" ? (form[key] as string).slice(0, 6000) : "");
  const values: IssueFormValues = {
    title: text("title"),
    description: text("description"),
    keywords: text("keywords"),
    slug: text("slug"),
  };
  if (form.intent !== "create") throw new Response("Unknown action.", { status: 400 });
  const fields = NewIssueFields.safeParse(values);
  if (!fields.success)
    return data<ActionResult>({ kind: "invalid", fieldErrors: fieldErrorsOf(fields.error), values }, 400);
  const result = await createIssue(await getDb(), { id: user.id, role: user.role }, fields.data);
  if (!result.ok) return data<ActionResult>({ kind: "invalid", fieldErrors: result.fieldErrors, values }, 409);
  return redirect(`/issues/${result.issue.slug}?created=1`, 303);
}

export default function IssuesPage() {
  const { issues, canEdit } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const navigation = useNavigation();
  return (
    <>
      <h1>Coalition issues</h1>
      <p className="lead">
        The issues of the coalition's joint stakeholder submission. Recommendations are linked to them so that progress
        can be followed issue by issue.
      </p>
      <ul className="cards" data-testid="issues">
        {issues.map((i) => (
          <li key={i.id} className={i.archived ? "card issue-archived" : "card"} id={i.slug}>
            <h2>
              <Link to={`/issues/${i.slug}`}>{i.title}</Link>
            </h2>
            <p>{i.description}</p>
            <p className="muted">
              {i.linkedRecommendations === 1
                ? "1 linked recommendation"
                : `${i.linkedRecommendations} linked recommendations`}
              {i.archived ? " · archived" : ""}
            </p>
            {i.linkedRecommendations > 0 ? (
              <ul className="status-counts" aria-label={`Current status of the recommendations linked to ${i.title}`}>
                {STATUSES.filter((s) => i.byStatus[s]).map((s) => (
                  <li key={s}>
                    <StatusBadge status={s} />: {i.byStatus[s]}
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ul>
      {issues.length === 0 ? <p>No coalition issues yet.</p> : null}
      {canEdit ? (
        <section aria-labelledby="new-issue" className="panel" id="new">
          <h2 id="new-issue">New issue</h2>
          <IssueForm
            idPrefix="new"
            intent="create"
            withSlug
            defaults={result?.values ?? { title: "", description: "", keywords: "", slug: "" }}
            errors={result?.fieldErrors ?? {}}
            busy={navigation.state === "submitting" && navigation.formData?.get("intent") === "create"}
            submitLabel="Add issue"
          />
        </section>
      ) : null}
    </>
  );
}
