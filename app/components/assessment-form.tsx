import { Form } from "@remix-run/react";
import { STATUSES } from "../../db/schema";
import { MAX_EVIDENCE } from "~/lib/assessment-input";
import { STATUS_LABELS } from "~/lib/format";

export interface AssessmentFormValues {
  status: string;
  asOf: string;
  evidence: string;
  sourceUrls: string;
  organisationId: string;
}

/** The assessment fields; works without JavaScript, errors shown beside each field. */
export function AssessmentForm(props: {
  organisations: { id: number; name: string }[];
  defaults: AssessmentFormValues;
  errors: Partial<Record<string, string>>;
  today: string;
  minDate: string | null;
  busy: boolean;
  hidden: Record<string, string>;
  submitLabel: string;
  children?: React.ReactNode;
  /** Inside another form (bulk): render the fields only, no form element of its own. */
  embedded?: boolean;
}) {
  const { defaults: d, errors: e } = props;
  const describe = (field: string) => (e[field] ? `${field}-error` : undefined);
  const fields = (
    <>
      {Object.entries(props.hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {props.children}
      <div className="field">
        <label htmlFor="status">Status</label>
        <select
          id="status"
          name="status"
          defaultValue={d.status}
          required
          aria-invalid={Boolean(e.status)}
          aria-describedby={describe("status")}
        >
          <option value="" disabled>
            Choose a status
          </option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {STATUS_LABELS[s]}
            </option>
          ))}
        </select>
        {e.status ? (
          <p className="error" id="status-error">
            {e.status}
          </p>
        ) : null}
      </div>
      <div className="field">
        <label htmlFor="asOf">As of (date of the facts)</label>
        <input
          id="asOf"
          name="asOf"
          type="date"
          defaultValue={d.asOf}
          max={props.today}
          min={props.minDate ?? undefined}
          required
          aria-invalid={Boolean(e.asOf)}
          aria-describedby={describe("asOf")}
        />
        {e.asOf ? (
          <p className="error" id="asOf-error">
            {e.asOf}
          </p>
        ) : null}
      </div>
      <div className="field">
        <label htmlFor="evidence">Evidence</label>
        <textarea
          id="evidence"
          name="evidence"
          rows={5}
          maxLength={MAX_EVIDENCE}
          defaultValue={d.evidence}
          aria-invalid={Boolean(e.evidence)}
          aria-describedby={describe("evidence")}
        />
        {e.evidence ? (
          <p className="error" id="evidence-error">
            {e.evidence}
          </p>
        ) : null}
      </div>
      <div className="field">
        <label htmlFor="sourceUrls">Source links (one per line, http or https)</label>
        <textarea
          id="sourceUrls"
          name="sourceUrls"
          rows={3}
          defaultValue={d.sourceUrls}
          aria-invalid={Boolean(e.sourceUrls)}
          aria-describedby={describe("sourceUrls")}
        />
        {e.sourceUrls ? (
          <p className="error" id="sourceUrls-error">
            {e.sourceUrls}
          </p>
        ) : null}
      </div>
      <div className="field">
        <label htmlFor="organisationId">On behalf of</label>
        <select
          id="organisationId"
          name="organisationId"
          defaultValue={d.organisationId}
          aria-invalid={Boolean(e.organisationId)}
          aria-describedby={describe("organisationId")}
        >
          {props.organisations.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </select>
        {e.organisationId ? (
          <p className="error" id="organisationId-error">
            {e.organisationId}
          </p>
        ) : null}
      </div>
      <p>
        <button type="submit" disabled={props.busy}>
          {props.busy ? "Saving…" : props.submitLabel}
        </button>
      </p>
    </>
  );
  return props.embedded ? (
    <fieldset className="stack">
      <legend>Assessment for every chosen recommendation</legend>
      {fields}
    </fieldset>
  ) : (
    <Form method="post" className="stack" noValidate>
      {fields}
    </Form>
  );
}
