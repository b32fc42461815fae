import { Form } from "@remix-run/react";
import { STATUSES } from "../../db/schema";
import { FormField } from "~/components/form-field";
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
  const fields = (
    <>
      {Object.entries(props.hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {props.children}
      <FormField id="status" label="Status" error={e.status}>
        {(control) => (
          <select {...control} defaultValue={d.status} required>
            <option value="" disabled>
              Choose a status
            </option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        )}
      </FormField>
      <FormField id="asOf" label="As of (date of the facts)" error={e.asOf}>
        {(control) => (
          <input
            {...control}
            type="date"
            defaultValue={d.asOf}
            max={props.today}
            min={props.minDate ?? undefined}
            required
          />
        )}
      </FormField>
      <FormField id="evidence" label="Evidence" error={e.evidence}>
        {(control) => <textarea {...control} rows={5} maxLength={MAX_EVIDENCE} defaultValue={d.evidence} />}
      </FormField>
      <FormField id="sourceUrls" label="Source links (one per line, http or https)" error={e.sourceUrls}>
        {(control) => <textarea {...control} rows={3} defaultValue={d.sourceUrls} />}
      </FormField>
      <FormField id="organisationId" label="On behalf of" error={e.organisationId}>
        {(control) => (
          <select {...control} defaultValue={d.organisationId}>
            {props.organisations.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        )}
      </FormField>
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
