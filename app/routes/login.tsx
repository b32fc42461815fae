import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { FormField } from "~/components/form-field";
import { metaT } from "~/i18n/i18n";
import { pageMeta } from "~/lib/meta";
import { getDb } from "~/db.server";
import { retryTime } from "~/lib/format";
import { passwordInputField, signIn, signInEmailField } from "~/models/users.server";
import {
  assertSameOrigin,
  clientAddress,
  createUserSession,
  getOptionalUser,
  safeRedirect,
} from "~/http/session.server";

export const meta: MetaFunction = ({ matches }) =>
  pageMeta(metaT(matches), "Sign in", "Editors of the coalition sign in to record assessments.");

const SignInForm = z.object({
  email: signInEmailField,
  password: passwordInputField,
  redirectTo: z.string().max(2000).optional(),
});

const WRONG_CREDENTIALS = "Wrong email or password.";

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
  if (!parsed.success) {
    return data({ errors: z.flattenError(parsed.error).fieldErrors, formError: null, email }, { status: 400 });
  }
  const result = await signIn(await getDb(), parsed.data, { address: clientAddress(request, context) });
  if (!result.ok) {
    const formError =
      result.reason === "locked"
        ? `Too many failed attempts. Try again after ${retryTime(result.until)}.`
        : result.reason === "inactive"
          ? "This account has been deactivated. Ask an administrator of UPR Monitor to reactivate it."
          : WRONG_CREDENTIALS;
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
  return (
    <section className="narrow">
      <h1>Sign in</h1>
      <p className="lead">Editors of member organisations sign in to record assessments. Reading needs no account.</p>
      <Form method="post" noValidate>
        <input type="hidden" name="redirectTo" value={redirectTo} />
        {actionData?.formError ? (
          <p className="warn" role="alert" id="form-error">
            {actionData.formError}
          </p>
        ) : null}
        <FormField id="email" label="Email" error={errors.email?.[0]} layout="line">
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
        <FormField id="password" label="Password" error={errors.password?.[0]} layout="line">
          {(control) => <input {...control} type="password" autoComplete="current-password" required maxLength={200} />}
        </FormField>
        <p>
          <button type="submit" disabled={busy}>
            {busy ? "Signing in…" : "Sign in"}
          </button>
        </p>
      </Form>
    </section>
  );
}
