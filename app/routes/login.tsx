import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { FormField } from "~/components/form-field";
import { metaT } from "~/i18n/i18n";
import { pageMeta } from "~/lib/meta";
import { getDb } from "~/db.server";
import { localFieldErrors, localRetryTime } from "~/lib/field-messages";
import { readerLanguage, requestT } from "~/http/language.server";
import { passwordInputField, signIn, signInEmailField } from "~/models/users.server";
import {
  assertSameOrigin,
  clientAddress,
  createUserSession,
  getOptionalUser,
  safeRedirect,
} from "~/http/session.server";

export const meta: MetaFunction = ({ matches }) => {
  const t = metaT(matches);
  return pageMeta(t, t("auth.signIn.title"), t("auth.signIn.description"));
};

const SignInForm = z.object({
  email: signInEmailField,
  password: passwordInputField,
  redirectTo: z.string().max(2000).optional(),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const redirectTo = safeRedirect(new URL(request.url).searchParams.get("redirectTo"));
  if (await getOptionalUser(request)) throw redirect(redirectTo);
  return { redirectTo };
}

export async function action({ request, context }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const form = Object.fromEntries(await request.formData());
  const parsed = SignInForm.safeParse(form);
  const email = typeof form.email === "string" ? form.email.slice(0, 254) : "";
  const t = requestT(request);
  if (!parsed.success) {
    const errors = localFieldErrors(t, z.flattenError(parsed.error).fieldErrors);
    return data({ errors, formError: null, email }, { status: 400 });
  }
  const result = await signIn(await getDb(), parsed.data, { address: clientAddress(request, context) });
  if (!result.ok) {
    const formError =
      result.reason === "locked"
        ? t("auth.tooManyAttempts", { time: localRetryTime(t, readerLanguage(request).lng, result.until) })
        : result.reason === "inactive"
          ? t("auth.signIn.inactive")
          : t("auth.signIn.wrongCredentials");
    return data({ errors: {}, formError, email }, { status: result.reason === "locked" ? 429 : 401 });
  }
  return createUserSession({
    request,
    userId: result.userId,
    sessionVersion: result.sessionVersion,
    redirectTo: parsed.data.redirectTo,
  });
}

export default function LoginPage() {
  const { redirectTo } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors: { email?: string[]; password?: string[] } = actionData?.errors ?? {};
  const busy = useNavigation().state === "submitting";
  const { t } = useTranslation();
  return (
    <section className="narrow">
      <h1>{t("auth.signIn.title")}</h1>
      <p className="lead">{t("auth.signIn.lead")}</p>
      <Form method="post" noValidate>
        <input type="hidden" name="redirectTo" value={redirectTo} />
        {actionData?.formError ? (
          <p className="warn" role="alert" id="form-error">
            {actionData.formError}
          </p>
        ) : null}
        <FormField id="email" label={t("auth.email")} error={errors.email?.[0]} layout="line">
          {(control) => (
            <input
              {...control}
              type="email"
              autoComplete="username"
              required
              maxLength={254}
              defaultValue={actionData?.email ?? ""}
            />
          )}
        </FormField>
        <FormField id="password" label={t("auth.password.label")} error={errors.password?.[0]} layout="line">
          {(control) => <input {...control} type="password" autoComplete="current-password" required maxLength={200} />}
        </FormField>
        <p>
          <button type="submit" disabled={busy}>
            {busy ? t("auth.signIn.busy") : t("auth.signIn.submit")}
          </button>
        </p>
      </Form>
    </section>
  );
}
