// The form of a submission (new or edited): works without JavaScript; errors beside each field.
import { Form } from "@remix-run/react";
import type { SubmissionFormValues } from "~/lib/submission-input";

export function SubmissionForm(props: {
  states: { iso3: string; name: string; reviews: number }[];
  defaults: SubmissionFormValues;
  errors: Record<string, string | undefined>;
  submitLabel: string;
  intent: string;
}) {
  const { defaults: d, errors: e } = props;
  const field = (name: string) => ({
    id: `submission-${name}`,
    name,
    "aria-invalid": Boolean(e[name]),
    "aria-describedby": e[name] ? `submission-${name}-error` : undefined,
  });
  const error = (name: string) =>
    e[name] ? (
      <p className="error" id={`submission-${name}-error`}>
        {e[name]}
      </p>
    ) : null;
  return (
    <Form method="post" className="stack" noValidate>
      <input type="hidden" name="intent" value={props.intent} />
      <div className="field">
        <label htmlFor="submission-title">Title</label>
        <input {...field("title")} type="text" required maxLength={300} defaultValue={d.title} />
        {error("title")}
      </div>
      <div className="field">
        <label htmlFor="submission-kind">Kind</label>
        <select {...field("kind")} defaultValue={d.kind}>
          <option value="joint">Joint submission of a coalition (at most 5,630 words)</option>
          <option value="individual">Individual submission (at most 2,815 words)</option>
        </select>
        {error("kind")}
      </div>
      <div className="field">
        <label htmlFor="submission-state">State under review</label>
        <select {...field("state")} defaultValue={d.state}>
          {props.states.map((s) => (
            <option key={s.iso3} value={s.iso3}>
              {s.name}
            </option>
          ))}
        </select>
        {error("state")}
      </div>
      <div className="field">
        <label htmlFor="submission-cycle">Cycle of the review</label>
        <input {...field("cycle")} type="number" inputMode="numeric" min={1} max={20} defaultValue={d.cycle} />
        {error("cycle")}
      </div>
      <div className="field">
        <label htmlFor="submission-organisations">Organisations (one a line)</label>
        <textarea {...field("organisations")} rows={4} defaultValue={d.organisations} />
        {error("organisations")}
      </div>
      <div className="field">
        <label htmlFor="submission-body">Text of the submission (for the word count; optional)</label>
        <textarea {...field("body")} rows={8} defaultValue={d.body} />
        {error("body")}
      </div>
      <div className="field">
        <label htmlFor="submission-footnotes">Footnotes (they count towards the limit)</label>
        <textarea {...field("footnotes")} rows={3} defaultValue={d.footnotes} />
        {error("footnotes")}
      </div>
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
