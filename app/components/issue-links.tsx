// Editors link a recommendation to a coalition issue, or unlink it, from the recommendation's page
// (forms, no JavaScript needed); the route's action handles intents "link-issue" and "unlink-issue".
import { Form, Link, useSearchParams } from "@remix-run/react";

export interface IssueChoiceItem {
  id: number;
  slug: string;
  title: string;
  archived: boolean;
  linked: boolean;
}

const NOTES: Record<string, { text: string; ok: boolean }> = {
  "issue-linked": { text: "Linked to the issue.", ok: true },
  "issue-unlinked": { text: "Unlinked from the issue.", ok: true },
  "issue-archived": { text: "That issue is archived: unarchive it on its page to link recommendations.", ok: false },
  "issue-gone": { text: "That issue no longer exists.", ok: false },
};

export function IssueLinks({ issues }: { issues: IssueChoiceItem[] }) {
  const [searchParams] = useSearchParams();
  const note = NOTES[searchParams.get("note") ?? ""];
  const linked = issues.filter((i) => i.linked);
  const linkable = issues.filter((i) => !i.linked && !i.archived);
  return (
    <section aria-labelledby="issues-heading" id="issues" className="panel">
      <h2 id="issues-heading">Coalition issues</h2>
      {note ? (
        <p className={note.ok ? "ok" : "error"} role="status">
          {note.text}
        </p>
      ) : null}
      {linked.length ? (
        <ul className="issue-links" data-testid="issue-links">
          {linked.map((i) => (
            <li key={i.id}>
              <Link to={`/issues/${i.slug}`}>{i.title}</Link>
              {i.archived ? <span className="muted"> (archived)</span> : null}{" "}
              <Form method="post" className="inline" preventScrollReset>
                <input type="hidden" name="intent" value="unlink-issue" />
                <input type="hidden" name="issueId" value={i.id} />
                <button type="submit" className="link danger" aria-label={`Unlink from ${i.title}`}>
                  Unlink
                </button>
              </Form>
            </li>
          ))}
        </ul>
      ) : (
        <p>Not linked to any coalition issue.</p>
      )}
      {linkable.length ? (
        <Form method="post" className="filters" preventScrollReset>
          <input type="hidden" name="intent" value="link-issue" />
          <label>
            Link to{" "}
            <select name="issueId" required defaultValue="">
              <option value="" disabled>
                Choose an issue
              </option>
              {linkable.map((i) => (
                <option key={i.id} value={i.id}>
                  {i.title}
                </option>
              ))}
            </select>
          </label>
          <button type="submit">Link</button>
        </Form>
      ) : null}
    </section>
  );
}
