// The UPR calendar: per state under review, the milestones of its reviews (stakeholder submissions,
// pre-session, review, adoption, mid-term) and of the next one, computed by the rules unless an editor
// recorded the real date; subscribe to it as an iCalendar feed (/calendar.ics).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { MILESTONE_KINDS } from "../../db/schema";
import { getDb } from "~/db.server";
import { iso3Code, stateParam } from "~/lib/query-params";
import { todayUtc } from "~/lib/dates";
import { formatDate } from "~/lib/format";
import { daysUntil, MILESTONE_LABELS, nextMilestone, stateMilestones } from "~/lib/upr-calendar";
import { listCalendarStates, recordMilestone } from "~/models/calendar.server";
import { getOptionalUser, requireEditor } from "~/http/session.server";
import { TableWrap } from "~/components/table-wrap";

export const meta: MetaFunction = () => [{ title: "UPR calendar: UPR Monitor" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const db = await getDb();
  const user = await getOptionalUser(request);
  const all = await listCalendarStates(db);
  const wanted = stateParam(url);
  const chosen = all.find((s) => s.iso3 === wanted) ?? all.find((s) => s.iso3 === "KEN") ?? all[0] ?? null;
  const today = todayUtc();
  const milestones = chosen ? stateMilestones(chosen) : [];
  // Held reviews whose date is known neither from the review nor recorded: nothing can be computed from them.
  const undated = chosen
    ? chosen.reviews
        .filter((r) => !r.reviewDate && !chosen.recorded.some((m) => m.cycle === r.cycle && m.kind === "review"))
        .map((r) => r.cycle)
    : [];
  return {
    states: all.map((s) => ({ iso3: s.iso3, name: s.name })),
    chosen: chosen ? { iso3: chosen.iso3, name: chosen.name } : null,
    milestones,
    undated,
    next: nextMilestone(milestones, today),
    today,
    canEdit: user !== null,
  };
}

const Recorded = z.object({
  state: iso3Code,
  cycle: z.coerce.number().int().min(1).max(20),
  kind: z.enum(MILESTONE_KINDS),
  date: z.union([z.literal(""), z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Give the date as YYYY-MM-DD")]),
});

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireEditor(request);
  const parsed = Recorded.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ error: parsed.error.issues[0]!.message }, 400);
  const { state, cycle, kind, date } = parsed.data;
  if (date && Number.isNaN(Date.parse(`${date}T00:00:00Z`))) return data({ error: "That date does not exist" }, 400);
  const r = await recordMilestone(
    await getDb(),
    { id: user.id, role: user.role },
    { iso3: state, cycle, kind, date: date || null },
  );
  if (!r.ok) throw new Response("No such state.", { status: 404 });
  return redirect(`/calendar?state=${state}#c${cycle}-${kind}`, 303);
}

export default function CalendarPage() {
  const { states, chosen, milestones, undated, next, today, canEdit } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as { error: string } | undefined;
  const feed = chosen?.iso3 ? `/calendar.ics?state=${chosen.iso3}` : "/calendar.ics";
  return (
    <>
      <h1>UPR calendar{chosen ? `: ${chosen.name}` : ""}</h1>
      {next ? (
        <p className="lead" data-testid="next-milestone">
          Next: {next.title}, {formatDate(next.date)} (in {daysUntil(next.date, today)} days
          {next.source === "rule" ? `; estimated, ${next.rule}` : ""}).
        </p>
      ) : null}
      <Form method="get" className="inline">
        <label htmlFor="calendar-state">State under review</label>{" "}
        <select id="calendar-state" name="state" defaultValue={chosen?.iso3 ?? ""}>
          {states.map((s) => (
            <option key={s.name} value={s.iso3 ?? ""}>
              {s.name}
            </option>
          ))}
        </select>{" "}
        <button type="submit">Show</button>
      </Form>
      <p>
        <a href={feed}>Subscribe to this calendar (iCalendar, .ics)</a>: add its address to a phone's or Outlook's
        calendars, and the dates follow as they are recorded here. Dates marked "estimated" follow the usual UPR
        timeline; an editor records the real date when it is announced.
      </p>
      {result?.error ? (
        <p className="error" role="alert">
          {result.error}
        </p>
      ) : null}
      {undated.map((cycle) => (
        <div key={cycle} className="notice" data-testid={`undated-${cycle}`}>
          <p>
            The date of {chosen?.name}'s cycle {cycle} review is not known here, so its milestones cannot be computed
            {canEdit ? ": record it." : "."}
          </p>
          {canEdit && chosen?.iso3 ? (
            <Form method="post" className="inline">
              <input type="hidden" name="state" value={chosen.iso3} />
              <input type="hidden" name="cycle" value={cycle} />
              <input type="hidden" name="kind" value="review" />
              <label htmlFor={`review-date-${cycle}`}>Date of the cycle {cycle} review</label>{" "}
              <input id={`review-date-${cycle}`} type="date" name="date" required /> <button type="submit">Save</button>
            </Form>
          ) : null}
        </div>
      ))}
      {milestones.length ? (
        <TableWrap label="Milestones">
          <table>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Milestone</th>
                <th scope="col">How known</th>
                {canEdit ? <th scope="col">Record the real date</th> : null}
              </tr>
            </thead>
            <tbody>
              {milestones.map((m) => (
                <tr
                  key={`${m.cycle}-${m.kind}`}
                  id={`c${m.cycle}-${m.kind}`}
                  className={m.date < today ? "past" : undefined}
                >
                  <td>{formatDate(m.date)}</td>
                  <td>
                    {m.title}
                    <br />
                    <span className="muted">{MILESTONE_LABELS[m.kind]}</span>
                  </td>
                  <td>
                    {m.source === "rule"
                      ? `Estimated: ${m.rule}`
                      : m.source === "recorded"
                        ? "Recorded"
                        : "From the review"}
                  </td>
                  {canEdit && chosen?.iso3 ? (
                    <td>
                      <Form method="post" className="inline">
                        <input type="hidden" name="state" value={chosen.iso3} />
                        <input type="hidden" name="cycle" value={m.cycle} />
                        <input type="hidden" name="kind" value={m.kind} />
                        <label className="visually-hidden" htmlFor={`date-${m.cycle}-${m.kind}`}>
                          Real date of {m.title}
                        </label>
                        <input
                          id={`date-${m.cycle}-${m.kind}`}
                          type="date"
                          name="date"
                          defaultValue={m.source === "recorded" ? m.date : ""}
                        />{" "}
                        <button type="submit">Save</button>
                      </Form>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : (
        <p>
          No review is held yet, so there is nothing to compute. <Link to="/import">Import</Link> a review's
          recommendations first.
        </p>
      )}
    </>
  );
}
