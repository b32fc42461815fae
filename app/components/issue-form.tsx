import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormField } from "~/components/form-field";
import { useFormat } from "~/i18n/hooks";
import { issueErrorText, MAX_DESCRIPTION, MAX_SLUG, MAX_TITLE } from "~/lib/issue-input";

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
  const { t } = useTranslation();
  const f = useFormat();
  const say = (message: string | undefined) => (message ? issueErrorText(t, message, f.number) : undefined);
  return (
    <Form method="post" className="stack" noValidate>
      <input type="hidden" name="intent" value={props.intent} />
      {e.form ? (
        <p className="error" role="alert">
          {say(e.form)}
        </p>
      ) : null}
      <FormField
        id={`${p}-title`}
        name="title"
        label={t("issues.form.title")}
        hint={t("issues.form.titleHint")}
        error={say(e.title)}
      >
        {(control) => (
          <input {...control} type="text" dir="auto" required maxLength={MAX_TITLE} defaultValue={d.title} />
        )}
      </FormField>
      {props.withSlug ? (
        <FormField
          id={`${p}-slug`}
          name="slug"
          label={t("issues.form.slug")}
          hint={t("issues.form.slugHint")}
          error={say(e.slug)}
        >
          {(control) => (
            <input
              {...control}
              type="text"
              dir="ltr"
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
        label={t("issues.form.description")}
        hint={t("issues.form.descriptionHint")}
        error={say(e.description)}
      >
        {(control) => (
          <textarea {...control} dir="auto" rows={3} maxLength={MAX_DESCRIPTION} defaultValue={d.description} />
        )}
      </FormField>
      <FormField
        id={`${p}-keywords`}
        name="keywords"
        label={t("issues.form.keywords")}
        hint={t("issues.form.keywordsHint")}
        error={say(e.keywords)}
      >
        {(control) => <input {...control} type="text" dir="auto" defaultValue={d.keywords} />}
      </FormField>
      <p>
        <button type="submit" disabled={props.busy}>
          {props.busy ? t("issues.form.saving") : props.submitLabel}
        </button>
      </p>
    </Form>
  );
}
