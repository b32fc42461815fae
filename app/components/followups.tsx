// "Recommended before": the earlier-cycle recommendations that a recommendation repeats or continues,
// with who made them and their status at the time of the later review. Editors confirm or reject each
// detected pair (forms, no JavaScript needed); the route's action handles intent "followup".
import { Form, Link, useSearchParams } from "@remix-run/react";
import type { FollowupStatus, Status } from "../../db/schema";
import { StatusBadge } from "~/components/status-badge";
import { StateLinks } from "~/components/state-links";
import { formatDate, RESPONSE_LABELS } from "~/lib/format";

export interface FollowupItem {
  earlierId: number;
  paragraph: string | null;
  text: string;
  cycle: number;
  reviewDate: string | null;
  recommendingStates: { name: string; iso3: string | null }[];
  response: keyof typeof RESPONSE_LABELS;
  statusThen: Status;
  statusThenDate: string | null;
  similarity: number;
  status: FollowupStatus;
  decidedBy: string | null;
  decidedAt: Date | string | null;
}

const NOTES: Record<string, string> = {
  "followup-confirmed": "Confirmed: this recommendation repeats or continues the earlier one.",
  "followup-rejected": "Rejected: the pair is no longer shown to the public, and detection will not propose it again.",
  "followup-gone": "That pair no longer exists; the list below is up to date.",
};

function day(value: Date | string | null): string {
  return value ? formatDate(new Date(value).toISOString().slice(0, 10)) : "";
}

/** Nothing for the public when there is nothing to show; editors also see rejected pairs (to undo a mistake). */
export function Followups({ followups, canDecide }: { followups: FollowupItem[]; canDecide: boolean }) {
  const [searchParams] = useSearchParams();
  const note = NOTES[searchParams.get("note") ?? ""];
  const shown = canDecide ? followups : followups.filter((f) => f.status !== "rejected");
  if (!shown.length && !note) return null;
  return (
    <section aria-labelledby="followups-heading" id="followups" className="followups">
      <h2 id="followups-heading">Recommended before</h2>
      {note ? (
        <p className="ok" role="status">
          {note}
        </p>
      ) : null}
      <ul className="followup-list" data-testid="followups">
        {shown.map((f) => (
          <li key={f.earlierId} className={`followup followup-${f.status}`}>
            <p>
              Recommended before, in cycle {f.cycle}
              {f.reviewDate ? ` (${formatDate(f.reviewDate)})` : ""}, by{" "}
              {f.recommendingStates.length ? (
                <StateLinks states={f.recommendingStates} lastSeparator=" and " />
              ) : (
                "a state not recorded"
              )}
              , <Link to={`/recommendations/${f.earlierId}`}>paragraph {f.paragraph ?? "(no number)"}</Link>; status
              then
              {f.statusThenDate ? ` (${formatDate(f.statusThenDate)})` : ""}: <StatusBadge status={f.statusThen} /> ·
              response: {RESPONSE_LABELS[f.response]}
            </p>
            <blockquote className="earlier-text">{f.text}</blockquote>
            <p className="muted small">
              {f.status === "detected"
                ? `Found by text similarity (${Math.round(f.similarity * 100)}%), not yet checked by an editor.`
                : `${f.status === "confirmed" ? "Confirmed" : "Rejected"} by ${f.decidedBy ?? "an editor"}${f.decidedAt ? ` on ${day(f.decidedAt)}` : ""} (text similarity ${Math.round(f.similarity * 100)}%).`}
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
                      aria-label={`Confirm: repeats paragraph ${f.paragraph ?? f.earlierId} of cycle ${f.cycle}`}
                    >
                      Confirm
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
                      aria-label={`Reject: does not repeat paragraph ${f.paragraph ?? f.earlierId} of cycle ${f.cycle}`}
                    >
                      Reject
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
