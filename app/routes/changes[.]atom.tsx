// The Atom feed of "What changed" (/changes.atom), with the same filters as the page: the latest 50
// assessments, each entry naming its organisation (never the editor).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { atomFeed } from "~/lib/atom";
import { changeSummary, changeTitle } from "~/lib/change-text";
import { changesToSearchParams, parseChangesFilter } from "~/lib/changes-filter";
import { getDb } from "~/db.server";
import { listChanges } from "~/models/changes.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const { filter } = parseChangesFilter(url.searchParams);
  const changes = await listChanges(await getDb(), filter, { page: 1, pageSize: 50 });
  const query = changesToSearchParams(filter).toString();
  const qs = query ? `?${query}` : "";
  const updated = changes.rows.reduce<Date | null>((m, c) => (m && m > c.updatedAt ? m : c.updatedAt), null);
  const xml = atomFeed({
    id: `${url.origin}/changes.atom${qs}`,
    title: "UPR Monitor: what changed",
    subtitle: "The latest implementation assessments of UPR recommendations, newest first.",
    updated: updated ?? new Date(0),
    authorName: "UPR Monitor",
    selfHref: `${url.origin}/changes.atom${qs}`,
    alternateHref: `${url.origin}/changes${qs}`,
    entries: changes.rows.map((c) => ({
      id: `tag:${url.hostname},2026:assessment/${c.assessmentId}`,
      title: changeTitle(c),
      updated: c.updatedAt,
      link: `${url.origin}/recommendations/${c.recommendationId}`,
      summary: changeSummary(c),
      authorName: c.organisationName,
    })),
  });
  return new Response(xml, {
    headers: { "Content-Type": "application/atom+xml; charset=utf-8", "Cache-Control": "public, max-age=300" },
  });
}
