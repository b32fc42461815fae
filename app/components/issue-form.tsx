import { Form } from "@remix-run/react";
import { MAX_DESCRIPTION, MAX_SLUG, MAX_TITLE } from "~/lib/issue-input";

export interface IssueFormValues {
  title: string;
  description: string;
  keywords: string;
  slug?: string;
}

/** Title, description and keywords of a coalition issue (and its address, when new). Works without JavaScript; errors beside each field. */
export function IssueForm(props: {
  /** Prefix of the field ids, so that two forms can be on one page. */
  idPrefix: string;
  intent: string;
  defaults: IssueFormValues;
  errors: Partial<Record<string, string>>;
  withSlug?: boolean;
  busy: boolean;
  submitLabel: string;
}) {
  const { defaults: d, errors: e, idPrefix: p } = props;
  const field = (name: string) => ({
    id: `${p}-${name}`,
    name,
    "aria-invalid": Boolean(e[name]),
    "aria-describedby":
      [e[name] ? `${p}-${name}-error` : null, `${p}-${name}-hint`].filter(Boolean).join(" ") || undefined,
  });
  const error = (name: string) =>
    e[name] ? (
      <p className="error" id={`${p}-${name}-error`}>
        {e[name]}
      </p>
    ) : null;
  return (
    <Form method="post" className="stack" noValidate>
      <input type="hidden" name="intent" value={props.intent} />
      {e.form ? (
        <p className="error" role="alert">
          {e.form}
        </p>
      ) : null}
      <div className="field">
        <label htmlFor={`${p}-title`}>Title</label>
        <input {...field("title")} type="text" required maxLength={MAX_TITLE} defaultValue={d.title} />
        <span className="note" id={`${p}-title-hint`}>
          What the coalition calls this issue.
        </span>
        {error("title")}
      </div>
      {props.withSlug ? (
        <div className="field">
          <label htmlFor={`${p}-slug`}>Address (optional)</label>
          <input
            {...field("slug")}
            type="text"
            maxLength={MAX_SLUG}
            defaultValue={d.slug ?? ""}
            pattern="[a-z0-9]+(-[a-z0-9]+)*"
          />
          <span className="note" id={`${p}-slug-hint`}>
            The end of the page's address, such as victim-protection. Left empty, it is made from the title. It cannot
            be changed later.
          </span>
          {error("slug")}
        </div>
      ) : null}
      <div className="field">
        <label htmlFor={`${p}-description`}>Description</label>
        <textarea {...field("description")} rows={3} maxLength={MAX_DESCRIPTION} defaultValue={d.description} />
        <span className="note" id={`${p}-description-hint`}>
          One or two sentences: what is wrong, and for whom.
        </span>
        {error("description")}
      </div>
      <div className="field">
        <label htmlFor={`${p}-keywords`}>Keywords</label>
        <input {...field("keywords")} type="text" defaultValue={d.keywords} />
        <span className="note" id={`${p}-keywords-hint`}>
          Separated by commas, such as: trafficking, victims of trafficking, shelters. They decide which recommendations
          are suggested for this issue; a rare word counts more than a common one.
        </span>
        {error("keywords")}
      </div>
      <p>
        <button type="submit" disabled={props.busy}>
          {props.busy ? "Saving…" : props.submitLabel}
        </button>
      </p>
    </Form>
  );
}
