import { Form } from "@remix-run/react";
import { STATUSES } from "../../db/schema";
import { FormField } from "~/components/form-field";
import { MAX_EVIDENCE } from "~/lib/assessment-input";
import { useTranslation } from "react-i18next";

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
  const { t } = useTranslation();
  const fields = (
    <>
      {Object.entries(props.hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {props.children}
      <FormField id="status" label={t("common.status_label")} error={e.status}>
        {(control) => (
          <select {...control} defaultValue={d.status} required>
            <option value="" disabled>
              {t("assess.chooseStatus")}
            </option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`common.status.${s}`)}
              </option>
            ))}
          </select>
        )}
      </FormField>
      <FormField id="asOf" label={t("assess.asOf")} error={e.asOf}>
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
      <FormField id="evidence" label={t("common.evidence")} error={e.evidence}>
        {(control) => <textarea {...control} rows={5} maxLength={MAX_EVIDENCE} defaultValue={d.evidence} dir="auto" />}
      </FormField>
      <FormField id="sourceUrls" label={t("assess.sourceLinks")} error={e.sourceUrls}>
        {(control) => <textarea {...control} rows={3} defaultValue={d.sourceUrls} dir="auto" />}
      </FormField>
      <FormField id="organisationId" label={t("assess.onBehalfOf")} error={e.organisationId}>
        {(control) => (
          <select {...control} defaultValue={d.organisationId}>
            {props.organisations.map((o) => (
              <option key={o.id} value={o.id} dir="auto">
                {o.name}
              </option>
            ))}
          </select>
        )}
      </FormField>
      <p>
        <button type="submit" disabled={props.busy}>
          {props.busy ? t("assess.saving") : props.submitLabel}
        </button>
      </p>
    </>
  );
  return props.embedded ? (
    <fieldset className="stack">
      <legend>{t("assess.forEveryChosen")}</legend>
      {fields}
    </fieldset>
  ) : (
    <Form method="post" className="stack" noValidate>
      {fields}
    </Form>
  );
}
