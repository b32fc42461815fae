import { Form } from "@remix-run/react";
import { FormField } from "~/components/form-field";
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
  return (
    <Form method="post" className="stack" noValidate>
      <input type="hidden" name="intent" value={props.intent} />
      {e.form ? (
        <p className="error" role="alert">
          {e.form}
        </p>
      ) : null}
      <FormField
        id={`${p}-title`}
        name="title"
        label="Title"
        hint="What the coalition calls this issue."
        error={e.title}
      >
        {(control) => <input {...control} type="text" required maxLength={MAX_TITLE} defaultValue={d.title} />}
      </FormField>
      {props.withSlug ? (
        <FormField
          id={`${p}-slug`}
          name="slug"
          label="Address (optional)"
          hint={
            <>
              The end of the page's address, such as victim-protection. Left empty, it is made from the title. It cannot
              be changed later.
            </>
          }
          error={e.slug}
        >
          {(control) => (
            <input
              {...control}
              type="text"
              maxLength={MAX_SLUG}
              defaultValue={d.slug ?? ""}
              pattern="[a-z0-9]+(-[a-z0-9]+)*"
            />
          )}
        </FormField>
      ) : null}
      <FormField
        id={`${p}-description`}
        name="description"
        label="Description"
        hint="One or two sentences: what is wrong, and for whom."
        error={e.description}
      >
        {(control) => <textarea {...control} rows={3} maxLength={MAX_DESCRIPTION} defaultValue={d.description} />}
      </FormField>
      <FormField
        id={`${p}-keywords`}
        name="keywords"
        label="Keywords"
        hint={
          <>
            Separated by commas, such as: trafficking, victims of trafficking, shelters. They decide which
            recommendations are suggested for this issue; a rare word counts more than a common one.
          </>
        }
        error={e.keywords}
      >
        {(control) => <input {...control} type="text" defaultValue={d.keywords} />}
      </FormField>
      <p>
        <button type="submit" disabled={props.busy}>
          {props.busy ? "Saving…" : props.submitLabel}
        </button>
      </p>
    </Form>
  );
}
