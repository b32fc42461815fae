// The UPR calendar as an iCalendar feed (RFC 5545): every state's milestones, or one state's (?state=KEN).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { getDb } from "~/db.server";
import { milestonesToIcs, stateMilestones } from "~/lib/upr-calendar";
import { listCalendarStates } from "~/models/calendar.server";
import { requestOrigin } from "~/session.server";

const StateParam = z
  .string()
  .regex(/^[A-Za-z]{3}$/)
  .optional()
  .catch(undefined);

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const iso3 = StateParam.parse(url.searchParams.get("state") ?? undefined);
  const states = await listCalendarStates(await getDb(), iso3);
  if (iso3 && !states.length) throw new Response("No state under review has that code.", { status: 404 });
  const origin = requestOrigin(request);
  const ics = milestonesToIcs(states.flatMap(stateMilestones), {
    name: iso3 && states[0] ? `UPR calendar: ${states[0].name}` : "UPR calendar",
    url: `${origin}/calendar${iso3 ? `?state=${iso3.toUpperCase()}` : ""}`,
    now: new Date(),
    host: new URL(origin).hostname,
  });
  return new Response(ics, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": `inline; filename="upr-calendar${iso3 ? `-${iso3.toUpperCase()}` : ""}.ics"`,
      "Cache-Control": "public, max-age=300",
    },
  });
}
