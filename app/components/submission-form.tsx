// The form of a submission (new or edited): works without JavaScript; errors beside each field, in the
// page's language.
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormField } from "~/components/form-field";
import { useFormat } from "~/i18n/hooks";
import { submissionErrorText, type SubmissionFormValues } from "~/lib/submission-input";
import { WORD_LIMITS } from "~/lib/word-count";

const limit = (key: "joint" | "individual") => WORD_LIMITS.find((l) => l.key === key)!.limit;

export function SubmissionForm(props: {
  states: { iso3: string; name: string; reviews: number }[];
  defaults: SubmissionFormValues;
  errors: Record<string, string | undefined>;
  submitLabel: string;
  intent: string;
}) {
  const { defaults: d, errors } = props;
  const { t } = useTranslation();
  const f = useFormat();
  const e = (field: string) => {
    const message = errors[field];
    return message ? submissionErrorText(t, message, f.number) : undefined;
  };
  return (
    <Form method="post" className="stack" noValidate>
      <input type="hidden" name="intent" value={props.intent} />
      <FormField id="submission-title" name="title" label={t("submissions.form.title")} error={e("title")}>
        {(control) => <input {...control} type="text" dir="auto" required maxLength={300} defaultValue={d.title} />}
      </FormField>
      <FormField id="submission-kind" name="kind" label={t("submissions.form.kind")} error={e("kind")}>
        {(control) => (
          <select {...control} defaultValue={d.kind}>
            <option value="joint">{t("submissions.form.kindJoint", { max: f.number(limit("joint")) })}</option>
            <option value="individual">
              {t("submissions.form.kindIndividual", { max: f.number(limit("individual")) })}
            </option>
          </select>
        )}
      </FormField>
      <FormField id="submission-state" name="state" label={t("common.stateUnderReview")} error={e("state")}>
        {(control) => (
          <select {...control} defaultValue={d.state}>
            {props.states.map((s) => (
              <option key={s.iso3} value={s.iso3}>
                {f.state(s.iso3, s.name)}
              </option>
            ))}
          </select>
        )}
      </FormField>
      <FormField id="submission-cycle" name="cycle" label={t("submissions.form.cycle")} error={e("cycle")}>
        {(control) => <input {...control} type="number" inputMode="numeric" min={1} max={20} defaultValue={d.cycle} />}
      </FormField>
      <FormField
        id="submission-organisations"
        name="organisations"
        label={t("submissions.form.organisations")}
        error={e("organisations")}
      >
        {(control) => <textarea {...control} dir="auto" rows={4} defaultValue={d.organisations} />}
      </FormField>
      <FormField id="submission-body" name="body" label={t("submissions.form.body")} error={e("body")}>
        {(control) => <textarea {...control} dir="auto" rows={8} defaultValue={d.body} />}
      </FormField>
      <FormField
        id="submission-footnotes"
        name="footnotes"
        label={t("submissions.form.footnotes")}
        error={e("footnotes")}
      >
        {(control) => <textarea {...control} dir="auto" rows={3} defaultValue={d.footnotes} />}
      </FormField>
      <div className="field">
        <label>
          <input type="checkbox" name="isPublic" defaultChecked={d.isPublic} /> {t("submissions.form.isPublic")}
        </label>
      </div>
      <button type="submit">{props.submitLabel}</button>
    </Form>
  );
}
