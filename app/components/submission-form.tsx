// The form of a submission (new or edited): works without JavaScript; errors beside each field.
import { Form } from "@remix-run/react";
import { FormField } from "~/components/form-field";
import type { SubmissionFormValues } from "~/lib/submission-input";

export function SubmissionForm(props: {
  states: { iso3: string; name: string; reviews: number }[];
  defaults: SubmissionFormValues;
  errors: Record<string, string | undefined>;
  submitLabel: string;
  intent: string;
}) {
  const { defaults: d, errors: e } = props;
  return (
    <Form method="post" className="stack" noValidate>
      <input type="hidden" name="intent" value={props.intent} />
      <FormField id="submission-title" name="title" label="Title" error={e.title}>
        {(control) => <input {...control} type="text" required maxLength={300} defaultValue={d.title} />}
      </FormField>
      <FormField id="submission-kind" name="kind" label="Kind" error={e.kind}>
        {(control) => (
          <select {...control} defaultValue={d.kind}>
            <option value="joint">Joint submission of a coalition (at most 5,630 words)</option>
            <option value="individual">Individual submission (at most 2,815 words)</option>
          </select>
        )}
      </FormField>
      <FormField id="submission-state" name="state" label="State under review" error={e.state}>
        {(control) => (
          <select {...control} defaultValue={d.state}>
            {props.states.map((s) => (
              <option key={s.iso3} value={s.iso3}>
                {s.name}
              </option>
            ))}
          </select>
        )}
      </FormField>
      <FormField id="submission-cycle" name="cycle" label="Cycle of the review" error={e.cycle}>
        {(control) => <input {...control} type="number" inputMode="numeric" min={1} max={20} defaultValue={d.cycle} />}
      </FormField>
      <FormField
        id="submission-organisations"
        name="organisations"
        label="Organisations (one a line)"
        error={e.organisations}
      >
        {(control) => <textarea {...control} rows={4} defaultValue={d.organisations} />}
      </FormField>
      <FormField
        id="submission-body"
        name="body"
        label="Text of the submission (for the word count; optional)"
        error={e.body}
      >
        {(control) => <textarea {...control} rows={8} defaultValue={d.body} />}
      </FormField>
      <FormField
        id="submission-footnotes"
        name="footnotes"
        label="Footnotes (they count towards the limit)"
        error={e.footnotes}
      >
        {(control) => <textarea {...control} rows={3} defaultValue={d.footnotes} />}
      </FormField>
      <div className="field">
        <label>
          <input type="checkbox" name="isPublic" defaultChecked={d.isPublic} /> Public: everyone can read this
          submission, its asks and their uptake (leave unticked until the coalition publishes its asks)
        </label>
      </div>
      <button type="submit">{props.submitLabel}</button>
    </Form>
  );
}
