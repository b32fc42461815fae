import type { MetaFunction } from "@remix-run/node";

import { useLoaderData } from "@remix-run/react";
import { getDb } from "~/db.server";
import { listIssues } from "~/models/issues.server";

export const meta: MetaFunction = () => [{ title: "Coalition issues: UPR Monitor" }];

export async function loader() {
  const issues = await listIssues(await getDb());
  return { issues };
}

export default function IssuesPage() {
  const { issues } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Coalition issues</h1>
      <p className="lead">
        The issues of the coalition's joint stakeholder submission. Recommendations are linked to them so that progress can be
        followed issue by issue.
      </p>
      <ul className="cards">
        {issues.map((i) => (
          <li key={i.id} className="card" id={i.slug}>
            <h2>{i.title}</h2>
            <p>{i.description}</p>
            <p className="muted">
              {i.linkedRecommendations === 1 ? "1 linked recommendation" : `${i.linkedRecommendations} linked recommendations`}
              {i.archived ? " · archived" : ""}
            </p>
          </li>
        ))}
      </ul>
      {issues.length === 0 ? <p>No coalition issues yet.</p> : null}
    </>
  );
}
