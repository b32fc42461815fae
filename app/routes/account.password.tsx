import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";
import { z } from "zod";
import { type FieldControl, FormField } from "~/components/form-field";
import { getDb } from "~/db.server";
import { metaT } from "~/i18n/i18n";
import { localFieldErrors, localRetryTime } from "~/lib/field-messages";
import { pageMeta } from "~/lib/meta";
import { readerLanguage, requestT } from "~/http/language.server";
import {
  changePassword,
  newPasswordField,
  passwordInputField,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
} from "~/models/users.server";
import { clientAddress, createUserSession, requireUser } from "~/http/session.server";

export const meta: MetaFunction = ({ matches }) => {
  const t = metaT(matches);
  return pageMeta(t, t("auth.password.title"));
};

const ChangePasswordForm = z
  .object({
    currentPassword: passwordInputField,
    newPassword: newPasswordField,
    confirmPassword: z.string().max(PASSWORD_MAX_LENGTH, `A password has at most ${PASSWORD_MAX_LENGTH} characters.`),
  })
  .superRefine((v, ctx) => {
    if (v.newPassword !== v.confirmPassword)
      ctx.addIssue({ code: "custom", path: ["confirmPassword"], message: "The two new passwords differ." });
    if (v.newPassword === v.currentPassword)
      ctx.addIssue({
        code: "custom",
        path: ["newPassword"],
        message: "The new password must differ from the current one.",
      });
  });

type Errors = { currentPassword?: string[]; newPassword?: string[]; confirmPassword?: string[] };

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return {
    email: user.email,
    changed: new URL(request.url).searchParams.get("changed") === "1",
    minLength: PASSWORD_MIN_LENGTH,
    maxLength: PASSWORD_MAX_LENGTH,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const parsed = ChangePasswordForm.safeParse(Object.fromEntries(await request.formData()));
  const t = requestT(request);
  if (!parsed.success) {
    const errors = localFieldErrors(t, z.flattenError(parsed.error).fieldErrors as Errors);
    return data({ errors, formError: null }, { status: 400 });
  }
  const result = await changePassword(
    await getDb(),
    { userId: user.id, currentPassword: parsed.data.currentPassword, newPassword: parsed.data.newPassword },
    { address: clientAddress(request, context) },
  );
  if (!result.ok) {
    if (result.reason === "locked") {
      return data(
        {
          errors: {} as Errors,
          formError: t("auth.tooManyAttempts", { time: localRetryTime(t, readerLanguage(request).lng, result.until) }),
        },
        { status: 429 },
      );
    }
    return data(
      { errors: { currentPassword: [t("auth.password.currentWrong")] } as Errors, formError: null },
      { status: 400 },
    );
  }
  // This browser gets a cookie with the new session_version; every other session is now signed out.
  return createUserSession({
    request,
    userId: user.id,
    sessionVersion: result.sessionVersion,
    redirectTo: "/account/password?changed=1",
  });
}

export default function ChangePasswordPage() {
  const { email, changed, minLength, maxLength } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors: Errors = actionData?.errors ?? {};
  const busy = useNavigation().state === "submitting";
  const { t } = useTranslation();
  const password = (autoComplete: string, min?: number) => (control: FieldControl) => (
    <input {...control} type="password" autoComplete={autoComplete} required minLength={min} maxLength={maxLength} />
  );
  return (
    <section className="narrow">
      <h1>{t("auth.password.title")}</h1>
      <p className="lead">
        <Trans i18nKey="auth.password.lead" values={{ email }} components={[<span key="0" dir="auto" />]} />
      </p>
      {changed && !actionData ? <p role="status">{t("auth.password.changed")}</p> : null}
      <Form method="post" noValidate>
        {actionData?.formError ? (
          <p className="warn" role="alert">
            {actionData.formError}
          </p>
        ) : null}
        <input type="text" name="username" autoComplete="username" value={email} readOnly hidden />
        <FormField
          id="currentPassword"
          label={t("auth.password.current")}
          error={errors.currentPassword?.[0]}
          layout="line"
        >
          {password("current-password")}
        </FormField>
        <FormField
          id="newPassword"
          label={t("auth.password.new")}
          hint={t("auth.password.hint", { min: minLength })}
          error={errors.newPassword?.[0]}
          layout="line"
        >
          {password("new-password", minLength)}
        </FormField>
        <FormField
          id="confirmPassword"
          label={t("auth.password.again")}
          error={errors.confirmPassword?.[0]}
          layout="line"
        >
          {password("new-password")}
        </FormField>
        <p>
          <button type="submit" disabled={busy}>
            {busy ? t("auth.password.busy") : t("auth.password.submit")}
          </button>
        </p>
      </Form>
    </section>
  );
}
