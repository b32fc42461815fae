import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { FieldError, FormField } from "~/components/form-field";
import { getDb } from "~/db.server";
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

export const meta: MetaFunction = () => [{ title: "Users: UPR Monitor" }];

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
  "not-found": "There is no such user.",
  self: "You cannot remove your own admin role or deactivate yourself; ask another admin.",
  "last-admin": "This is the last active admin: make another user admin first.",
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
    const errors = z.flattenError(parsed.error).fieldErrors as FieldErrors & {
      userId?: string[];
      active?: string[];
      intent?: string[];
    };
    if (intent === "create") return data<ActionResult>({ intent, ok: false, errors, values }, { status: 400 });
    const message =
      errors.intent?.[0] ??
      errors.userId?.[0] ??
      errors.role?.[0] ??
      errors.active?.[0] ??
      "This change could not be read.";
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
          ? { email: ["A user with this email already exists."] }
          : { organisationId: ["There is no such organisation."] };
      return data<ActionResult>(
        { intent: "create", ok: false, errors, values },
        { status: result.error === "exists" ? 409 : 400 },
      );
    }
    return {
      intent: "create",
      ok: true,
      message: `${result.user.email} was added to ${result.user.organisationName} as ${result.user.role}. Give them their password in person or by a separate channel; they can change it under their email in the header.`,
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
      { intent: input.intent, ok: false, userId: input.userId, message: UPDATE_ERRORS[result.error] },
      { status: result.error === "not-found" ? 404 : 409 },
    );
  }
  return {
    intent: input.intent,
    ok: true,
    userId: input.userId,
    message: result.changed ? "Saved." : "Nothing to change.",
  } satisfies ActionResult as ActionResult;
}

export default function AdminUsersPage() {
  const { users, organisations, me, passwordMinLength, passwordMaxLength, justSetUp } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const createErrors: FieldErrors = result?.intent === "create" ? (result.errors ?? {}) : {};
  const values = result?.intent === "create" && !result.ok ? result.values : undefined;
  const created = result?.intent === "create" && result.ok ? result.message : null;

  return (
    <>
      <h1>Users</h1>
      <p className="lead">
        Editors record assessments for their organisation; admins also add users, set roles and read the audit log. A
        deactivated user is signed out at once.
      </p>
      {justSetUp ? (
        <p className="note" role="status">
          The set-up is done: you are the first administrator, and the set-up address no longer works. Next: add your
          editors below, or <a href="/admin/sample">load sample data</a> to try things out.
        </p>
      ) : null}
      <p className="muted">
        Other admin pages: <a href="/admin/sample">Sample data</a> (load or remove), <a href="/admin/backup">Backup</a>,{" "}
        <a href="/admin/audit">Audit log</a>.
      </p>

      <TableWrap>
        {(captionId) => (
          <table>
            <caption id={captionId}>Users ({users.length}), by organisation</caption>
            <thead>
              <tr>
                <th scope="col">User</th>
                <th scope="col">Organisation</th>
                <th scope="col">Role</th>
                <th scope="col">Status</th>
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
                      {u.email}
                      {u.displayName ? <span className="muted"> ({u.displayName})</span> : null}
                      {self ? <span className="muted"> · you</span> : null}
                      {rowMessage ? (
                        <span className={result?.ok ? undefined : "warn"} role="status">
                          <br />
                          {rowMessage}
                        </span>
                      ) : null}
                    </td>
                    <td>{u.organisationName}</td>
                    <td>
                      {self ? (
                        u.role
                      ) : (
                        <Form method="post" preventScrollReset>
                          <input type="hidden" name="intent" value="set-role" />
                          <input type="hidden" name="userId" value={u.id} />
                          <select name="role" defaultValue={u.role} aria-label={`Role of ${u.email}`}>
                            <option value="editor">editor</option>
                            <option value="admin">admin</option>
                          </select>{" "}
                          <button type="submit">Set role</button>
                        </Form>
                      )}
                    </td>
                    <td>
                      {u.active ? "Active" : "Deactivated"}
                      {self ? null : (
                        <Form method="post" preventScrollReset>
                          <input type="hidden" name="intent" value="set-active" />
                          <input type="hidden" name="userId" value={u.id} />
                          <input type="hidden" name="active" value={u.active ? "false" : "true"} />
                          <button type="submit">{u.active ? "Deactivate" : "Reactivate"}</button>
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

      <h2 id="add-user">Add a user</h2>
      {created ? <p role="status">{created}</p> : null}
      <Form method="post" noValidate aria-labelledby="add-user" key={created ?? "form"}>
        <input type="hidden" name="intent" value="create" />
        <FormField id="email" label="Email" error={createErrors.email?.[0]} layout="line">
          {(control) => (
            <input {...control} type="email" autoComplete="off" required maxLength={254} defaultValue={values?.email} />
          )}
        </FormField>
        <FormField id="displayName" label="Name (optional)" error={createErrors.displayName?.[0]} layout="line">
          {(control) => <input {...control} maxLength={200} defaultValue={values?.displayName} />}
        </FormField>
        <FormField id="organisationId" label="Organisation" error={createErrors.organisationId?.[0]} layout="line">
          {(control) => (
            <select {...control} defaultValue={values?.organisationId || String(me.organisationId)}>
              {organisations.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
              <option value="new">A new organisation (name below)</option>
            </select>
          )}
        </FormField>
        <FormField
          id="newOrganisation"
          label="New organisation's name (only when adding a new organisation)"
          error={createErrors.newOrganisation?.[0]}
          layout="line"
        >
          {(control) => <input {...control} maxLength={200} defaultValue={values?.newOrganisation} />}
        </FormField>
        <fieldset aria-describedby={createErrors.role?.[0] ? "role-error" : undefined}>
          <legend>Role</legend>
          <label>
            <input type="radio" name="role" value="editor" defaultChecked={(values?.role || "editor") === "editor"} />{" "}
            Editor: records assessments
          </label>
          <br />
          <label>
            <input type="radio" name="role" value="admin" defaultChecked={values?.role === "admin"} /> Admin: also
            manages users and reads the audit log
          </label>
          <FieldError id="role" error={createErrors.role?.[0]} layout="line" />
        </fieldset>
        <FormField
          id="password"
          label="First password"
          hint={`At least ${passwordMinLength} characters; the user can change it after signing in.`}
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
          <button type="submit">Add user</button>
        </p>
      </Form>
    </>
  );
}
