// Editors link a recommendation to a coalition issue, or unlink it, from the recommendation's page
// (forms, no JavaScript needed); the route's action handles intents "link-issue" and "unlink-issue".
import { Form, Link, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";

export interface IssueChoiceItem {
  id: number;
  slug: string;
  title: string;
  archived: boolean;
  linked: boolean;
}

const NOTES: Record<string, { key: "linked" | "unlinked" | "archived" | "gone"; ok: boolean }> = {
  "issue-linked": { key: "linked", ok: true },
  "issue-unlinked": { key: "unlinked", ok: true },
  "issue-archived": { key: "archived", ok: false },
  "issue-gone": { key: "gone", ok: false },
};

export function IssueLinks({ issues }: { issues: IssueChoiceItem[] }) {
  const [searchParams] = useSearchParams();
  const note = NOTES[searchParams.get("note") ?? ""];
  const { t } = useTranslation();
  const linked = issues.filter((i) => i.linked);
  const linkable = issues.filter((i) => !i.linked && !i.archived);
  return (
    <section aria-labelledby="issues-heading" id="issues" className="panel">
      <h2 id="issues-heading">{t("common.issues")}</h2>
      {note ? (
        <p className={note.ok ? "ok" : "error"} role="status">
          {t(`recommendation.issueNote.${note.key}`)}
        </p>
      ) : null}
      {linked.length ? (
        <ul className="issue-links" data-testid="issue-links">
          {linked.map((i) => (
            <li key={i.id}>
              <Link to={`/issues/${i.slug}`} dir="auto">
                {i.title}
              </Link>
              {i.archived ? <span className="muted"> {t("recommendation.archived")}</span> : null}{" "}
              <Form method="post" className="inline" preventScrollReset>
                <input type="hidden" name="intent" value="unlink-issue" />
                <input type="hidden" name="issueId" value={i.id} />
                <button
                  type="submit"
                  className="link danger"
                  aria-label={t("recommendation.unlinkFrom", { issue: i.title })}
                >
                  {t("recommendations.bulk.unlink")}
                </button>
              </Form>
            </li>
          ))}
        </ul>
      ) : (
        <p>{t("recommendation.notLinked")}</p>
      )}
      {linkable.length ? (
        <Form method="post" className="filters" preventScrollReset>
          <input type="hidden" name="intent" value="link-issue" />
          <label>
            {t("recommendation.linkTo")}{" "}
            <select name="issueId" required defaultValue="">
              <option value="" disabled>
                {t("recommendations.bulk.chooseAnIssue")}
              </option>
              {linkable.map((i) => (
                <option key={i.id} value={i.id} dir="auto">
                  {i.title}
                </option>
              ))}
            </select>
          </label>
          <button type="submit">{t("recommendations.bulk.link")}</button>
        </Form>
      ) : null}
    </section>
  );
}
