// The Atom feed of "What changed" (/changes.atom), with the same filters as the page: the latest 50
// assessments, each entry naming its organisation (never the editor), in the reader's language (?lang=,
// the cookie or Accept-Language; the page's feed link carries its language).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { atomFeed } from "~/lib/atom";
import { changeSummary, changeTitle } from "~/lib/change-text";
import { changesToSearchParams, parseChangesFilter } from "~/lib/changes-filter";
import { getDb } from "~/db.server";
import { readerLanguage, requestT } from "~/http/language.server";
import { listChanges } from "~/models/changes.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const { lng } = readerLanguage(request);
  const t = requestT(request);
  const { filter } = parseChangesFilter(url.searchParams);
  const changes = await listChanges(await getDb(), filter, { page: 1, pageSize: 50 });
  const query = changesToSearchParams(filter).toString();
  const qs = query ? `?${query}` : "";
  const updated = changes.rows.reduce<Date | null>((m, c) => (m && m > c.updatedAt ? m : c.updatedAt), null);
  const xml = atomFeed({
    id: `${url.origin}/changes.atom${qs}`,
    lang: lng,
    title: t("feeds.atomTitle"),
    subtitle: t("feeds.atomSubtitle"),
    updated: updated ?? new Date(0),
    authorName: t("common.siteName"),
    selfHref: `${url.origin}/changes.atom${qs}`,
    alternateHref: `${url.origin}/changes${qs}`,
    entries: changes.rows.map((c) => ({
      id: `tag:${url.hostname},2026:assessment/${c.assessmentId}`,
      title: changeTitle(c, t, lng),
      updated: c.updatedAt,
      link: `${url.origin}/recommendations/${c.recommendationId}`,
      summary: changeSummary(c, t, lng),
      authorName: c.organisationName,
    })),
  });
  return new Response(xml, {
    headers: {
      "Content-Type": "application/atom+xml; charset=utf-8",
      "Cache-Control": "public, max-age=300",
      "Content-Language": lng,
      Vary: "Accept-Language, Cookie",
    },
  });
}
