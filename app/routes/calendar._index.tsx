// The UPR calendar: per state under review, the milestones of its reviews (stakeholder submissions,
// pre-session, review, adoption, mid-term) and of the next one, computed by the rules unless an editor
// recorded the real date; subscribe to it as an iCalendar feed (/calendar.ics).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";
import { z } from "zod";
import { MILESTONE_KINDS } from "../../db/schema";
import { getDb } from "~/db.server";
import { iso3Code, stateParam } from "~/lib/query-params";
import { todayUtc } from "~/lib/dates";
import { metaT } from "~/i18n/i18n";
import { useFormat } from "~/i18n/hooks";
import { pageMeta } from "~/lib/meta";
import { readerLanguage, requestT } from "~/http/language.server";
import {
  daysUntil,
  milestoneKindLabel,
  milestoneRule,
  milestoneTitle,
  nextMilestone,
  stateMilestones,
} from "~/lib/upr-calendar";
import { listCalendarStates, recordMilestone } from "~/models/calendar.server";
import { getOptionalUser, requireEditor } from "~/http/session.server";
import { TableWrap } from "~/components/table-wrap";

export const meta: MetaFunction = ({ matches }) => {
  const t = metaT(matches);
  return pageMeta(t, t("calendar.title"), t("calendar.metaDescription"));
};

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const db = await getDb();
  const user = await getOptionalUser(request);
  const all = await listCalendarStates(db);
  const wanted = stateParam(url);
  const chosen = all.find((s) => s.iso3 === wanted) ?? all.find((s) => s.iso3 === "KEN") ?? all[0] ?? null;
  const today = todayUtc();
  const t = requestT(request);
  const { lng } = readerLanguage(request);
  // Each milestone with its title and rule in the reader's words (the .ics feed says the same).
  const milestones = (chosen ? stateMilestones(chosen) : []).map((m) => ({
    ...m,
    title: milestoneTitle(t, lng, m),
    rule: m.source === "rule" ? milestoneRule(t, m.kind) : null,
  }));
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
  date: z.union([z.literal(""), z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "calendar.errorDateFormat")]),
});

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireEditor(request);
  const parsed = Recorded.safeParse(Object.fromEntries(await request.formData()));
  const t = requestT(request);
  // The only message of ours is the date's; anything else is a form this page did not make.
  if (!parsed.success)
    return data(
      {
        error:
          parsed.error.issues[0]!.message === "calendar.errorDateFormat"
            ? t("calendar.errorDateFormat")
            : t("calendar.errorForm"),
      },
      400,
    );
  const { state, cycle, kind, date } = parsed.data;
  if (date && Number.isNaN(Date.parse(`${date}T00:00:00Z`))) return data({ error: t("calendar.errorNoSuchDate") }, 400);
  const r = await recordMilestone(
    await getDb(),
    { id: user.id, role: user.role },
    { iso3: state, cycle, kind, date: date || null },
  );
  if (!r.ok) throw new Response(t("calendar.noSuchState"), { status: 404 });
  return redirect(`/calendar?state=${state}#c${cycle}-${kind}`, 303);
}

export default function CalendarPage() {
  const { states, chosen, milestones, undated, next, today, canEdit } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as { error: string } | undefined;
  const { t } = useTranslation();
  const f = useFormat();
  const feed = chosen?.iso3 ? `/calendar.ics?state=${chosen.iso3}` : "/calendar.ics";
  const feedLng = f.lng === "en" ? feed : `${feed}${feed.includes("?") ? "&" : "?"}lang=${f.lng}`;
  const chosenName = chosen ? f.state(chosen.iso3, chosen.name) : "";
  return (
    <>
      <h1>{chosen ? t("calendar.titleOf", { state: chosenName }) : t("calendar.title")}</h1>
      {next ? (
        <p className="lead" data-testid="next-milestone">
          {next.source === "rule"
            ? t("calendar.nextEstimated", {
                title: next.title,
                date: f.date(next.date),
                count: daysUntil(next.date, today),
                rule: next.rule,
              })
            : t("calendar.next", { title: next.title, date: f.date(next.date), count: daysUntil(next.date, today) })}
        </p>
      ) : null}
      <Form method="get" className="inline">
        <label htmlFor="calendar-state">{t("common.stateUnderReview")}</label>{" "}
        <select id="calendar-state" name="state" defaultValue={chosen?.iso3 ?? ""}>
          {states.map((s) => (
            <option key={s.name} value={s.iso3 ?? ""}>
              {f.state(s.iso3, s.name)}
            </option>
          ))}
        </select>{" "}
        <button type="submit">{t("common.show")}</button>
      </Form>
      <p>
        <Trans
          i18nKey="calendar.subscribe"
          // eslint-disable-next-line jsx-a11y/anchor-has-content -- Trans puts the link's words in it
          components={[<a key="0" href={feedLng} />]}
        />
      </p>
      {result?.error ? (
        <p className="error" role="alert">
          {result.error}
        </p>
      ) : null}
      {undated.map((cycle) => (
        <div key={cycle} className="notice" data-testid={`undated-${cycle}`}>
          <p>{t(canEdit ? "calendar.undatedEditor" : "calendar.undated", { state: chosenName, cycle })}</p>
          {canEdit && chosen?.iso3 ? (
            <Form method="post" className="inline">
              <input type="hidden" name="state" value={chosen.iso3} />
              <input type="hidden" name="cycle" value={cycle} />
              <input type="hidden" name="kind" value="review" />
              <label htmlFor={`review-date-${cycle}`}>{t("calendar.reviewDateOfCycle", { cycle })}</label>{" "}
              <input id={`review-date-${cycle}`} type="date" name="date" required />{" "}
              <button type="submit">{t("common.save")}</button>
            </Form>
          ) : null}
        </div>
      ))}
      {milestones.length ? (
        <TableWrap label={t("calendar.milestones")}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("common.date")}</th>
                <th scope="col">{t("calendar.milestone")}</th>
                <th scope="col">{t("calendar.howKnown")}</th>
                {canEdit ? <th scope="col">{t("calendar.recordRealDate")}</th> : null}
              </tr>
            </thead>
            <tbody>
              {milestones.map((m) => (
                <tr
                  key={`${m.cycle}-${m.kind}`}
                  id={`c${m.cycle}-${m.kind}`}
                  className={m.date < today ? "past" : undefined}
                >
                  <td>{f.date(m.date)}</td>
                  <td>
                    {m.title}
                    <br />
                    <span className="muted">{milestoneKindLabel(t, m.kind)}</span>
                  </td>
                  <td>
                    {m.source === "rule"
                      ? t("calendar.sourceRule", { rule: m.rule })
                      : m.source === "recorded"
                        ? t("calendar.sourceRecorded")
                        : t("calendar.sourceReview")}
                  </td>
                  {canEdit && chosen?.iso3 ? (
                    <td>
                      <Form method="post" className="inline">
                        <input type="hidden" name="state" value={chosen.iso3} />
                        <input type="hidden" name="cycle" value={m.cycle} />
                        <input type="hidden" name="kind" value={m.kind} />
                        <label className="visually-hidden" htmlFor={`date-${m.cycle}-${m.kind}`}>
                          {t("calendar.realDateOf", { title: m.title })}
                        </label>
                        <input
                          id={`date-${m.cycle}-${m.kind}`}
                          type="date"
                          name="date"
                          defaultValue={m.source === "recorded" ? m.date : ""}
                        />{" "}
                        <button type="submit">{t("common.save")}</button>
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
          <Trans i18nKey="calendar.nothing" components={[<Link key="0" to="/import" />]} />
        </p>
      )}
    </>
  );
}
