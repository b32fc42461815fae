// The coalition's issues, each with how many recommendations are linked and their current status;
// editors also find a form to add an issue here.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { STATUSES } from "../../db/schema";
import { IssueForm, type IssueFormValues } from "~/components/issue-form";
import { StatusBadge } from "~/components/status-badge";
import { metaT } from "~/i18n/i18n";
import { useFormat } from "~/i18n/hooks";
import { requestT } from "~/http/language.server";
import { pageMeta } from "~/lib/meta";
import { getDb } from "~/db.server";
import { fieldErrorsOf } from "~/lib/assessment-input";
import { NewIssueFields } from "~/lib/issue-input";
import { createIssue, listIssues } from "~/models/issues.server";
import { getOptionalUser, requireEditor } from "~/http/session.server";

export const meta: MetaFunction = ({ matches }) => {
  const t = metaT(matches);
  return pageMeta(t, t("common.issues"), t("issues.metaDescription"));
};

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
  if (form.intent !== "create") throw new Response(requestT(request)("issues.unknownAction"), { status: 400 });
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
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <>
      <h1>{t("common.issues")}</h1>
      <p className="lead">{t("issues.lead")}</p>
      <ul className="cards" data-testid="issues">
        {issues.map((i) => (
          <li key={i.id} className={i.archived ? "card issue-archived" : "card"} id={i.slug}>
            <h2 dir="auto" id={`title-of-${i.id}`}>
              <Link to={`/issues/${i.slug}`}>{i.title}</Link>
            </h2>
            <p dir="auto">{i.description}</p>
            <p className="muted">
              {t("issues.linkedCount", { count: i.linkedRecommendations, number: f.number(i.linkedRecommendations) })}
              {i.archived ? ` · ${t("issues.archived")}` : ""}
            </p>
            {i.linkedRecommendations > 0 ? (
              // Named by these words and the issue's title (typed data, kept out of the interface's words).
              <>
                <span id={`status-of-${i.id}`} hidden>
                  {t("issues.statusOfLinked")}
                </span>
                <ul className="status-counts" aria-labelledby={`status-of-${i.id} title-of-${i.id}`}>
                  {STATUSES.filter((s) => i.byStatus[s]).map((s) => (
                    <li key={s}>
                      <StatusBadge status={s} />: {f.number(i.byStatus[s] ?? 0)}
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
          </li>
        ))}
      </ul>
      {issues.length === 0 ? <p>{t("issues.none")}</p> : null}
      {canEdit ? (
        <section aria-labelledby="new-issue" className="panel" id="new">
          <h2 id="new-issue">{t("issues.newIssue")}</h2>
          <IssueForm
            idPrefix="new"
            intent="create"
            withSlug
            defaults={result?.values ?? { title: "", description: "", keywords: "", slug: "" }}
            errors={result?.fieldErrors ?? {}}
            busy={navigation.state === "submitting" && navigation.formData?.get("intent") === "create"}
            submitLabel={t("issues.addIssue")}
          />
        </section>
      ) : null}
    </>
  );
}
