// "Recommended before": the earlier-cycle recommendations that a recommendation repeats or continues,
// with who made them and their status at the time of the later review. Editors confirm or reject each
// detected pair (forms, no JavaScript needed); the route's action handles intent "followup".
import { Form, Link, useSearchParams } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";
import type { FollowupStatus, Response, Status } from "../../db/schema";
import { StatusBadge } from "~/components/status-badge";
import { StateLinks } from "~/components/state-links";
import { useFormat } from "~/i18n/hooks";

export interface FollowupItem {
  earlierId: number;
  paragraph: string | null;
  text: string;
  cycle: number;
  reviewDate: string | null;
  recommendingStates: { name: string; iso3: string | null }[];
  response: Response;
  statusThen: Status;
  statusThenDate: string | null;
  similarity: number;
  status: FollowupStatus;
  decidedBy: string | null;
  decidedAt: Date | string | null;
}

const NOTES = {
  "followup-confirmed": "confirmed",
  "followup-rejected": "rejected",
  "followup-gone": "gone",
} as const;

/** Nothing for the public when there is nothing to show; editors also see rejected pairs (to undo a mistake). */
export function Followups({ followups, canDecide }: { followups: FollowupItem[]; canDecide: boolean }) {
  const [searchParams] = useSearchParams();
  const { t } = useTranslation();
  const fmt = useFormat();
  const noteKey = NOTES[(searchParams.get("note") ?? "") as keyof typeof NOTES] as
    (typeof NOTES)[keyof typeof NOTES] | undefined;
  const note = noteKey ? t(`recommendation.followup.note.${noteKey}`) : undefined;
  const day = (value: Date | string | null) => (value ? fmt.date(new Date(value).toISOString().slice(0, 10)) : "");
  const shown = canDecide ? followups : followups.filter((f) => f.status !== "rejected");
  if (!shown.length && !note) return null;
  return (
    <section aria-labelledby="followups-heading" id="followups" className="followups">
      <h2 id="followups-heading">{t("recommendation.followup.heading")}</h2>
      {note ? (
        <p className="ok" role="status">
          {note}
        </p>
      ) : null}
      <ul className="followup-list" data-testid="followups">
        {shown.map((f) => (
          <li key={f.earlierId} className={`followup followup-${f.status}`}>
            <p>
              <Trans
                i18nKey={f.reviewDate ? "recommendation.followup.beforeDated" : "recommendation.followup.before"}
                values={{
                  cycle: f.cycle,
                  date: f.reviewDate ? fmt.date(f.reviewDate) : "",
                  paragraph: f.paragraph ?? t("recommendation.followup.noNumber"),
                }}
                components={[
                  f.recommendingStates.length ? (
                    <StateLinks
                      key="0"
                      states={f.recommendingStates.map((s) => ({ ...s, name: fmt.state(s.iso3, s.name) }))}
                      lastSeparator={t("recommendation.followup.and")}
                    />
                  ) : (
                    <span key="0">{t("recommendation.followup.stateNotRecorded")}</span>
                  ),
                  <Link key="1" to={`/recommendations/${f.earlierId}`} />,
                ]}
              />{" "}
              {f.statusThenDate
                ? t("recommendation.followup.statusThenDated", { date: fmt.date(f.statusThenDate) })
                : t("recommendation.followup.statusThen")}{" "}
              <StatusBadge status={f.statusThen} /> ·{" "}
              {t("recommendation.followup.response", { response: t(`common.response.${f.response}`) })}
            </p>
            <blockquote className="earlier-text" lang="en" dir="ltr">
              {f.text}
            </blockquote>
            <p className="muted small">
              {f.status === "detected"
                ? t("recommendation.followup.detected", { similarity: fmt.percent(f.similarity) })
                : t(
                    f.decidedAt
                      ? `recommendation.followup.${f.status === "confirmed" ? "confirmedByOn" : "rejectedByOn"}`
                      : `recommendation.followup.${f.status === "confirmed" ? "confirmedBy" : "rejectedBy"}`,
                    {
                      who: f.decidedBy ?? t("recommendation.followup.anEditor"),
                      date: day(f.decidedAt),
                      similarity: fmt.percent(f.similarity),
                    },
                  )}
            </p>
            {canDecide ? (
              <div className="actions">
                {f.status !== "confirmed" ? (
                  <Form method="post" className="inline" preventScrollReset>
                    <input type="hidden" name="intent" value="followup" />
                    <input type="hidden" name="earlierId" value={f.earlierId} />
                    <input type="hidden" name="decision" value="confirmed" />
                    <button
                      type="submit"
                      aria-label={t("recommendation.followup.confirmLabel", {
                        paragraph: f.paragraph ?? f.earlierId,
                        cycle: f.cycle,
                      })}
                    >
                      {t("recommendation.followup.confirm")}
                    </button>
                  </Form>
                ) : null}
                {f.status !== "rejected" ? (
                  <Form method="post" className="inline" preventScrollReset>
                    <input type="hidden" name="intent" value="followup" />
                    <input type="hidden" name="earlierId" value={f.earlierId} />
                    <input type="hidden" name="decision" value="rejected" />
                    <button
                      type="submit"
                      className="secondary"
                      aria-label={t("recommendation.followup.rejectLabel", {
                        paragraph: f.paragraph ?? f.earlierId,
                        cycle: f.cycle,
                      })}
                    >
                      {t("recommendation.followup.reject")}
                    </button>
                  </Form>
                ) : null}
              </div>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
