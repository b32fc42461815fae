// The first run in the browser: while no admin exists, each server prints /setup?token=… (a one-time
// secret kept hashed in the database, app/models/setup-token.server.ts, so any server accepts it); this
// page creates the first admin with it and signs them in. Without a valid token, or once an admin
// exists, the address answers 404.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { FormField } from "~/components/form-field";
import { getDb } from "~/db.server";
import { metaT } from "~/i18n/i18n";
import { localFieldErrors } from "~/lib/field-messages";
import { pageMeta } from "~/lib/meta";
import { requestT } from "~/http/language.server";
import {
  createFirstAdmin,
  displayNameField,
  emailField,
  hasActiveAdmin,
  newPasswordField,
  organisationNameField,
  PASSWORD_MIN_LENGTH,
  signIn,
} from "~/models/users.server";
import { assertSameOrigin, clientAddress, createUserSession } from "~/http/session.server";
import { setupTokenValid, voidSetupTokens } from "~/models/setup-token.server";

export const meta: MetaFunction = ({ matches }) => {
  const t = metaT(matches);
  return pageMeta(t, t("auth.setup.metaTitle"));
};

const SetupForm = z
  .object({
    token: z.string().max(200),
    email: emailField,
    displayName: displayNameField,
    organisation: organisationNameField,
    password: newPasswordField,
    confirmPassword: z.string().max(1000),
  })
  .refine((v) => v.password === v.confirmPassword, {
    path: ["confirmPassword"],
    message: "The two passwords differ.",
  });

type Field = "email" | "displayName" | "organisation" | "password" | "confirmPassword";
type FieldErrors = Partial<Record<Field, string[]>>;

function notFound(t: TFunction): Response {
  return new Response(t("auth.setup.notFound"), {
    status: 404,
    headers: { "Content-Type": "text/plain; charset=utf-8" },
  });
}

async function requireSetupOpen(t: TFunction, token: string | null | undefined): Promise<void> {
  const db = await getDb();
  if (await hasActiveAdmin(db)) {
    await voidSetupTokens(db);
    throw notFound(t);
  }
  if (!(await setupTokenValid(db, token))) throw notFound(t);
}

export async function loader({ request }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get("token");
  await requireSetupOpen(requestT(request), token);
  return { token: token!, passwordMinLength: PASSWORD_MIN_LENGTH };
}

export async function action({ request, context }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const form = Object.fromEntries(await request.formData());
  const token = typeof form.token === "string" ? form.token : null;
  const t = requestT(request);
  await requireSetupOpen(t, token);
  const text = (key: string) => (typeof form[key] === "string" ? (form[key] as string).slice(0, 300) : "");
  const values = { email: text("email"), displayName: text("displayName"), organisation: text("organisation") };
  const parsed = SetupForm.safeParse(form);
  if (!parsed.success) {
    const errors = localFieldErrors(t, z.flattenError(parsed.error).fieldErrors as FieldErrors);
    return data({ errors, values, formError: null }, { status: 400 });
  }
  const db = await getDb();
  // The token is consumed in the transaction that creates the admin: a second click, or the same form
  // sent through another server, finds it gone.
  const result = await createFirstAdmin(db, token, {
    email: parsed.data.email,
    password: parsed.data.password,
    displayName: parsed.data.displayName,
    organisation: { name: parsed.data.organisation },
  });
  if (!result.ok && result.error === "token") throw notFound(t);
  if (!result.ok) {
    return data(
      {
        errors: { email: [t("auth.setup.emailExists")] } as FieldErrors,
        values,
        formError: null,
      },
      { status: 400 },
    );
  }
  // Signed in at once, as a sign-in with the new password would.
  const signedIn = await signIn(db, parsed.data, { address: clientAddress(request, context) });
  if (!signedIn.ok) throw new Response(t("auth.setup.signInFailed"), { status: 500 });
  return createUserSession({
    request,
    userId: signedIn.userId,
    sessionVersion: signedIn.sessionVersion,
    redirectTo: "/admin/users?setup=done",
  });
}

export default function SetupPage() {
  const { token, passwordMinLength } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors: FieldErrors = actionData?.errors ?? {};
  const values = actionData?.values;
  const { t } = useTranslation();
  const input = (
    id: Field,
    label: string,
    props: { type: string; autoComplete: string; required?: boolean; defaultValue?: string; hint?: string },
  ) => (
    <FormField id={id} label={label} hint={props.hint} hintBesideLabel error={errors[id]?.[0]} layout="line">
      {(control) => (
        <input
          {...control}
          type={props.type}
          autoComplete={props.autoComplete}
          required={props.required}
          maxLength={props.type === "password" ? 1000 : 254}
          defaultValue={props.defaultValue}
        />
      )}
    </FormField>
  );
  return (
    <section className="narrow">
      <h1>{t("auth.setup.title")}</h1>
      <p className="lead">{t("auth.setup.lead")}</p>
      <Form method="post" noValidate>
        <input type="hidden" name="token" value={token} />
        {input("email", t("auth.setup.email"), {
          type: "email",
          autoComplete: "username",
          required: true,
          defaultValue: values?.email,
        })}
        {input("displayName", t("auth.setup.name"), {
          type: "text",
          autoComplete: "name",
          defaultValue: values?.displayName,
          hint: t("auth.setup.nameHint"),
        })}
        {input("organisation", t("auth.setup.organisation"), {
          type: "text",
          autoComplete: "organization",
          required: true,
          defaultValue: values?.organisation,
          hint: t("auth.setup.organisationHint"),
        })}
        {input("password", t("auth.password.label"), {
          type: "password",
          autoComplete: "new-password",
          required: true,
          hint: t("auth.setup.passwordHint", { min: passwordMinLength }),
        })}
        {input("confirmPassword", t("auth.setup.passwordAgain"), {
          type: "password",
          autoComplete: "new-password",
          required: true,
        })}
        <p>
          <button type="submit">{t("auth.setup.submit")}</button>
        </p>
      </Form>
    </section>
  );
}
