// The UPR calendar as an iCalendar feed (RFC 5545): every state's milestones, or one state's (?state=KEN),
// with event names in the reader's language (?lang=fr, the cookie or Accept-Language).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/db.server";
import { localStateName } from "~/i18n/format";
import { stateParam } from "~/lib/query-params";
import { milestonesToIcs, stateMilestones } from "~/lib/upr-calendar";
import { listCalendarStates } from "~/models/calendar.server";
import { requestOrigin } from "~/http/session.server";
import { readerLanguage, requestT } from "~/http/language.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const iso3 = stateParam(url);
  const { lng } = readerLanguage(request);
  const t = requestT(request);
  const states = await listCalendarStates(await getDb(), iso3);
  if (iso3 && !states.length) throw new Response(t("calendar.noSuchState"), { status: 404 });
  const origin = requestOrigin(request);
  const ics = milestonesToIcs(states.flatMap(stateMilestones), {
    name:
      iso3 && states[0]
        ? t("calendar.titleOf", { state: localStateName(lng, states[0].iso3, states[0].name) })
        : t("calendar.title"),
    url: `${origin}/calendar${iso3 ? `?state=${iso3}` : ""}`,
    now: new Date(),
    host: new URL(origin).hostname,
    t,
    lng,
  });
  return new Response(ics, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": `inline; filename="upr-calendar${iso3 ? `-${iso3}` : ""}.ics"`,
      "Cache-Control": "public, max-age=300",
      "Content-Language": lng,
      Vary: "Accept-Language, Cookie",
    },
  });
}
