import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";
import { z } from "zod";
import { FieldError, FormField } from "~/components/form-field";
import { getDb } from "~/db.server";
import { metaT } from "~/i18n/i18n";
import { localFieldErrors } from "~/lib/field-messages";
import { pageMeta } from "~/lib/meta";
import { requestT } from "~/http/language.server";
import {
  createUser,
  displayNameField,
  emailField,
  listOrganisations,
  listUsers,
  newPasswordField,
  organisationNameField,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  roleField,
  updateUser,
} from "~/models/users.server";
import { requireAdmin } from "~/http/session.server";
import { TableWrap } from "~/components/table-wrap";

export const meta: MetaFunction = ({ matches }) => {
  const t = metaT(matches);
  return pageMeta(t, t("admin.users.title"));
};

const idField = z.coerce.number().int().positive().max(2_147_483_647);

const UsersForm = z.discriminatedUnion("intent", [
  z
    .object({
      intent: z.literal("create"),
      email: emailField,
      displayName: displayNameField,
      organisationId: z.union([z.literal("new"), z.string().regex(/^[0-9]{1,10}$/)], {
        message: "Choose an organisation.",
      }),
      newOrganisation: z.string().max(200, "An organisation's name has at most 200 characters.").optional(),
      role: roleField,
      password: newPasswordField,
    })
    .superRefine((v, ctx) => {
      if (v.organisationId !== "new") return;
      const name = organisationNameField.safeParse(v.newOrganisation ?? "");
      if (!name.success)
        ctx.addIssue({ code: "custom", path: ["newOrganisation"], message: name.error.issues[0].message });
    }),
  z.object({ intent: z.literal("set-role"), userId: idField, role: roleField }),
  z.object({ intent: z.literal("set-active"), userId: idField, active: z.enum(["true", "false"]) }),
]);

type FieldErrors = Partial<
  Record<"email" | "displayName" | "organisationId" | "newOrganisation" | "role" | "password", string[]>
>;

interface ActionResult {
  intent: "create" | "set-role" | "set-active" | null;
  ok: boolean;
  errors?: FieldErrors;
  /** A message about one row of the table (set-role, set-active). */
  userId?: number;
  message?: string;
  /** What was typed into the create form (never the password), to show it again beside the errors. */
  values?: { email: string; displayName: string; organisationId: string; newOrganisation: string; role: string };
}

const UPDATE_ERRORS = {
  "not-found": "admin.users.notFound",
  self: "admin.users.self",
  "last-admin": "admin.users.lastAdmin",
} as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requireAdmin(request);
  const db = await getDb();
  const [users, organisations] = await Promise.all([listUsers(db), listOrganisations(db)]);
  return {
    users,
    organisations,
    me: { id: admin.id, organisationId: admin.organisationId },
    passwordMinLength: PASSWORD_MIN_LENGTH,
    passwordMaxLength: PASSWORD_MAX_LENGTH,
    justSetUp: new URL(request.url).searchParams.get("setup") === "done",
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireAdmin(request);
  const t = requestT(request);
  const form = Object.fromEntries(await request.formData());
  const text = (key: string) => (typeof form[key] === "string" ? (form[key] as string).slice(0, 300) : "");
  const values = {
    email: text("email"),
    displayName: text("displayName"),
    organisationId: text("organisationId"),
    newOrganisation: text("newOrganisation"),
    role: text("role"),
  };
  const parsed = UsersForm.safeParse(form);
  if (!parsed.success) {
    const intent = (["create", "set-role", "set-active"] as const).find((i) => i === form.intent) ?? null;
    const errors = localFieldErrors(t, z.flattenError(parsed.error).fieldErrors) as FieldErrors & {
      userId?: string[];
      active?: string[];
      intent?: string[];
    };
    if (intent === "create") return data<ActionResult>({ intent, ok: false, errors, values }, { status: 400 });
    const message =
      errors.intent?.[0] ?? errors.userId?.[0] ?? errors.role?.[0] ?? errors.active?.[0] ?? t("admin.users.unreadable");
    return data<ActionResult>(
      { intent, ok: false, message, userId: Number(form.userId) || undefined },
      { status: 400 },
    );
  }
  const input = parsed.data;
  const db = await getDb();

  if (input.intent === "create") {
    const result = await createUser(
      db,
      {
        email: input.email,
        password: input.password,
        role: input.role,
        displayName: input.displayName,
        organisation:
          input.organisationId === "new" ? { name: input.newOrganisation ?? "" } : { id: Number(input.organisationId) },
      },
      { userId: admin.id },
    );
    if (!result.ok) {
      const errors: FieldErrors =
        result.error === "exists"
          ? { email: [t("admin.users.emailExists")] }
          : { organisationId: [t("admin.users.noOrganisation")] };
      return data<ActionResult>(
        { intent: "create", ok: false, errors, values },
        { status: result.error === "exists" ? 409 : 400 },
      );
    }
    return {
      intent: "create",
      ok: true,
      message: t("admin.users.added", {
        email: result.user.email,
        organisation: result.user.organisationName,
        role: t(`admin.users.role.${result.user.role}`),
      }),
    } satisfies ActionResult as ActionResult;
  }

  const result = await updateUser(
    db,
    input.intent === "set-role"
      ? { userId: input.userId, role: input.role }
      : { userId: input.userId, active: input.active === "true" },
    { userId: admin.id },
  );
  if (!result.ok) {
    return data<ActionResult>(
      { intent: input.intent, ok: false, userId: input.userId, message: t(UPDATE_ERRORS[result.error]) },
      { status: result.error === "not-found" ? 404 : 409 },
    );
  }
  return {
    intent: input.intent,
    ok: true,
    userId: input.userId,
    message: result.changed ? t("admin.users.saved") : t("admin.users.nothingToChange"),
  } satisfies ActionResult as ActionResult;
}

export default function AdminUsersPage() {
  const { users, organisations, me, passwordMinLength, passwordMaxLength, justSetUp } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const createErrors: FieldErrors = result?.intent === "create" ? (result.errors ?? {}) : {};
  const values = result?.intent === "create" && !result.ok ? result.values : undefined;
  const created = result?.intent === "create" && result.ok ? result.message : null;
  const { t } = useTranslation();

  return (
    <>
      <h1>{t("admin.users.title")}</h1>
      <p className="lead">{t("admin.users.lead")}</p>
      {justSetUp ? (
        <p className="note" role="status">
          {/* eslint-disable-next-line jsx-a11y/anchor-has-content -- Trans puts the catalogue's link text in */}
          <Trans i18nKey="admin.users.setUpDone" components={[<a key="0" href="/admin/sample" />]} />
        </p>
      ) : null}
      <p className="muted">
        <Trans
          i18nKey="admin.users.otherPages"
          components={[
            // eslint-disable-next-line jsx-a11y/anchor-has-content -- Trans puts the catalogue's link text in
            <a key="0" href="/admin/sample" />,
            // eslint-disable-next-line jsx-a11y/anchor-has-content -- as above
            <a key="1" href="/admin/backup" />,
            // eslint-disable-next-line jsx-a11y/anchor-has-content -- as above
            <a key="2" href="/admin/audit" />,
          ]}
        />
      </p>

      <TableWrap>
        {(captionId) => (
          <table>
            <caption id={captionId}>{t("admin.users.caption", { count: users.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("admin.users.user")}</th>
                <th scope="col">{t("admin.users.organisation")}</th>
                <th scope="col">{t("admin.users.roleLabel")}</th>
                <th scope="col">{t("common.status_label")}</th>
              </tr>
            </thead>
            <tbody>
              {users.map((u) => {
                const rowMessage =
                  result && result.intent !== "create" && result.userId === u.id ? result.message : null;
                const self = u.id === me.id;
                return (
                  <tr key={u.id} id={`user-${u.id}`}>
                    <td>
                      <span dir="auto">{u.email}</span>
                      {u.displayName ? (
                        <span className="muted">
                          {" "}
                          (<span dir="auto">{u.displayName}</span>)
                        </span>
                      ) : null}
                      {self ? <span className="muted"> · {t("admin.users.you")}</span> : null}
                      {rowMessage ? (
                        <span className={result?.ok ? undefined : "warn"} role="status">
                          <br />
                          {rowMessage}
                        </span>
                      ) : null}
                    </td>
                    <td dir="auto">{u.organisationName}</td>
                    <td>
                      {self ? (
                        t(`admin.users.role.${u.role}`)
                      ) : (
                        <Form method="post" preventScrollReset>
                          <input type="hidden" name="intent" value="set-role" />
                          <input type="hidden" name="userId" value={u.id} />
                          <select
                            name="role"
                            defaultValue={u.role}
                            aria-label={t("admin.users.roleOf", { email: u.email })}
                          >
                            <option value="editor">{t("admin.users.role.editor")}</option>
                            <option value="admin">{t("admin.users.role.admin")}</option>
                          </select>{" "}
                          <button type="submit">{t("admin.users.setRole")}</button>
                        </Form>
                      )}
                    </td>
                    <td>
                      {u.active ? t("admin.users.active") : t("admin.users.deactivated")}
                      {self ? null : (
                        <Form method="post" preventScrollReset>
                          <input type="hidden" name="intent" value="set-active" />
                          <input type="hidden" name="userId" value={u.id} />
                          <input type="hidden" name="active" value={u.active ? "false" : "true"} />
                          <button type="submit">
                            {u.active ? t("admin.users.deactivate") : t("admin.users.reactivate")}
                          </button>
                        </Form>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </TableWrap>

      <h2 id="add-user">{t("admin.users.addHeading")}</h2>
      {created ? <p role="status">{created}</p> : null}
      <Form method="post" noValidate aria-labelledby="add-user" key={created ?? "form"}>
        <input type="hidden" name="intent" value="create" />
        <FormField id="email" label={t("auth.email")} error={createErrors.email?.[0]} layout="line">
          {(control) => (
            <input {...control} type="email" autoComplete="off" required maxLength={254} defaultValue={values?.email} />
          )}
        </FormField>
        <FormField
          id="displayName"
          label={t("admin.users.nameOptional")}
          error={createErrors.displayName?.[0]}
          layout="line"
        >
          {(control) => <input {...control} maxLength={200} defaultValue={values?.displayName} />}
        </FormField>
        <FormField
          id="organisationId"
          label={t("admin.users.organisation")}
          error={createErrors.organisationId?.[0]}
          layout="line"
        >
          {(control) => (
            <select {...control} defaultValue={values?.organisationId || String(me.organisationId)}>
              {organisations.map((o) => (
                <option key={o.id} value={o.id} dir="auto">
                  {o.name}
                </option>
              ))}
              <option value="new">{t("admin.users.newOrganisationOption")}</option>
            </select>
          )}
        </FormField>
        <FormField
          id="newOrganisation"
          label={t("admin.users.newOrganisation")}
          error={createErrors.newOrganisation?.[0]}
          layout="line"
        >
          {(control) => <input {...control} maxLength={200} defaultValue={values?.newOrganisation} />}
        </FormField>
        <fieldset aria-describedby={createErrors.role?.[0] ? "role-error" : undefined}>
          <legend>{t("admin.users.roleLabel")}</legend>
          <label>
            <input type="radio" name="role" value="editor" defaultChecked={(values?.role || "editor") === "editor"} />{" "}
            {t("admin.users.editorChoice")}
          </label>
          <br />
          <label>
            <input type="radio" name="role" value="admin" defaultChecked={values?.role === "admin"} />{" "}
            {t("admin.users.adminChoice")}
          </label>
          <FieldError id="role" error={createErrors.role?.[0]} layout="line" />
        </fieldset>
        <FormField
          id="password"
          label={t("admin.users.firstPassword")}
          hint={t("admin.users.firstPasswordHint", { min: passwordMinLength })}
          error={createErrors.password?.[0]}
          layout="line"
        >
          {(control) => (
            <input
              {...control}
              type="password"
              autoComplete="new-password"
              required
              minLength={passwordMinLength}
              maxLength={passwordMaxLength}
            />
          )}
        </FormField>
        <p>
          <button type="submit">{t("admin.users.submit")}</button>
        </p>
      </Form>
    </>
  );
}
