// Users, organisations and sign-in attempts: the only SQL about accounts.
import { type Kysely, type Transaction, sql } from "kysely";
import { z } from "zod";
import { ROLES, type Database, type Role } from "../../db/schema";
import {
  hashPassword,
  needsRehash,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  verifyAgainstDummy,
  verifyPassword,
} from "../lib/password.server";
import { writeAudit } from "./audit.server";
import { consumeSetupTokens } from "./setup-token.server";
import { recordAttempt, signInLockedUntil, type AttemptContext } from "./sign-in-limits.server";
import { isPlainText } from "../lib/query-params";

export { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH };
export { SIGN_IN_LIMITS, signInLockedUntil, type AttemptContext, type SignInLimits } from "./sign-in-limits.server";
export type { Role };

/** The signed-in user, as every route sees it. */
export interface SessionUser {
  id: number;
  email: string;
  displayName: string | null;
  role: Role;
  organisationId: number;
  organisationName: string;
}

// ---------------------------------------------------------------------------------------------
// Field rules, shared by the forms and the command line (messages are shown beside the field).

export const EMAIL_MAX_LENGTH = 254;

/** An email as typed at sign-in: trimmed, lower-cased, bounded; its form is not checked. */
export const signInEmailField = z
  .string({ message: "Enter your email address." })
  .trim()
  .toLowerCase()
  .min(1, "Enter your email address.")
  .max(EMAIL_MAX_LENGTH, `An email address has at most ${EMAIL_MAX_LENGTH} characters.`)
  // NUL and other control characters: never part of an address (and PostgreSQL refuses NUL in text).
  .refine(isPlainText, "Enter an email address such as name@example.org.");

/** An email for a new account: as at sign-in, and it must look like an address. */
export const emailField = signInEmailField.pipe(z.email("Enter an email address such as name@example.org."));

/** A password being checked (current password, sign-in): only bounded. */
export const passwordInputField = z
  .string({ message: "Enter the password." })
  .min(1, "Enter the password.")
  .max(PASSWORD_MAX_LENGTH, `A password has at most ${PASSWORD_MAX_LENGTH} characters.`);

/** A password being set. */
export const newPasswordField = z
  .string({ message: "Enter a password." })
  .min(PASSWORD_MIN_LENGTH, `A password needs at least ${PASSWORD_MIN_LENGTH} characters.`)
  .max(PASSWORD_MAX_LENGTH, `A password has at most ${PASSWORD_MAX_LENGTH} characters.`);

export const displayNameField = z
  .string()
  .trim()
  .max(200, "A name has at most 200 characters.")
  .optional()
  .transform((v) => (v ? v : null));

export const organisationNameField = z
  .string({ message: "Enter the organisation's name." })
  .trim()
  .min(1, "Enter the organisation's name.")
  .max(200, "An organisation's name has at most 200 characters.");

export const roleField = z.enum(ROLES, { message: "Choose admin or editor." });

// ---------------------------------------------------------------------------------------------
// Reading

/** The user a session cookie names, if the account is active and the cookie's version is current. */
export async function getSessionUser(
  db: Kysely<Database>,
  userId: number,
  sessionVersion: number,
): Promise<SessionUser | null> {
  const row = await db
    .selectFrom("app_user as u")
    .innerJoin("organisation as o", "o.id", "u.organisation_id")
    .select(["u.id", "u.email", "u.display_name", "u.role", "u.organisation_id", "o.name as organisation_name"])
    .where("u.id", "=", userId)
    .where("u.active", "=", true)
    .where("u.session_version", "=", sessionVersion)
    .executeTakeFirst();
  return row
    ? {
        id: row.id,
        email: row.email,
        displayName: row.display_name,
        role: row.role,
        organisationId: row.organisation_id,
        organisationName: row.organisation_name,
      }
    : null;
}

export interface UserListing {
  id: number;
  email: string;
  displayName: string | null;
  role: Role;
  active: boolean;
  organisationId: number;
  organisationName: string;
  createdAt: string;
}

export async function listUsers(db: Kysely<Database>): Promise<UserListing[]> {
  const rows = await db
    .selectFrom("app_user as u")
    .innerJoin("organisation as o", "o.id", "u.organisation_id")
    .select([
      "u.id",
      "u.email",
      "u.display_name",
      "u.role",
      "u.active",
      "u.organisation_id",
      "o.name as organisation_name",
      "u.created_at",
    ])
    .orderBy("o.name")
    .orderBy("u.email")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    email: r.email,
    displayName: r.display_name,
    role: r.role,
    active: r.active,
    organisationId: r.organisation_id,
    organisationName: r.organisation_name,
    createdAt: new Date(r.created_at).toISOString(),
  }));
}

export async function listOrganisations(db: Kysely<Database>): Promise<{ id: number; name: string }[]> {
  return db.selectFrom("organisation").select(["id", "name"]).orderBy("name").execute();
}

/** True once an active admin exists (the set-up page is then gone). */
export async function hasActiveAdmin(db: Kysely<Database>): Promise<boolean> {
  const row = await db
    .selectFrom("app_user")
    .select("id")
    .where("role", "=", "admin")
    .where("active", "=", true)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export async function countUsers(db: Kysely<Database>, email?: string): Promise<number> {
  let q = db.selectFrom("app_user").select(sql<number>`count(*)::int`.as("n"));
  if (email !== undefined) q = q.where("email", "=", email.trim().toLowerCase());
  return (await q.executeTakeFirstOrThrow()).n;
}

// ---------------------------------------------------------------------------------------------
// Creating users

export interface NewUser {
  email: string;
  password: string;
  role: Role;
  displayName?: string | null;
  /** An existing organisation by id, or one by name (found case-insensitively, else created). */
  organisation: { id: number } | { name: string };
}

export type CreateUserResult =
  { ok: true; user: UserListing; organisationCreated: boolean } | { ok: false; error: "exists" | "no-organisation" };

type Refusal = Extract<CreateFirstAdminResult, { ok: false }>;

class Rollback extends Error {
  constructor(readonly result: Refusal) {
    super("rollback");
  }
}

/**
 * Adds a user (and its organisation when new), with audit entries, in one transaction. A second
 * call with the same email (any case) changes nothing and answers `exists`.
 */
export function createUser(
  db: Kysely<Database>,
  input: NewUser,
  actor: { userId: number | null },
): Promise<CreateUserResult> {
  // No check: never refused for a token.
  return createUserChecked(db, input, actor, async () => undefined) as Promise<CreateUserResult>;
}

export type CreateFirstAdminResult = CreateUserResult | { ok: false; error: "token" };

/**
 * The set-up page's first admin (role admin, no actor): in one transaction, every set-up token is
 * consumed and the user is created, only when `token` was a valid one and no active admin exists.
 * A second set-up (a double click, another server) finds the tokens gone and answers `token`.
 */
export async function createFirstAdmin(
  db: Kysely<Database>,
  token: string | null | undefined,
  input: Omit<NewUser, "role">,
): Promise<CreateFirstAdminResult> {
  return createUserChecked(db, { ...input, role: "admin" }, { userId: null }, async (trx) => {
    const tokenWasValid = await consumeSetupTokens(trx, token);
    if (!tokenWasValid || (await hasActiveAdmin(trx))) return { ok: false, error: "token" };
    return undefined;
  });
}

/** createUser, after `check` (in the same transaction) found nothing to refuse. */
async function createUserChecked(
  db: Kysely<Database>,
  input: NewUser,
  actor: { userId: number | null },
  check: (trx: Transaction<Database>) => Promise<Refusal | undefined>,
): Promise<CreateFirstAdminResult> {
  const email = input.email.trim().toLowerCase();
  // Hash outside the transaction: it takes a quarter of a second and needs no database.
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.transaction().execute(async (trx) => {
      const refusal = await check(trx);
      if (refusal) throw new Rollback(refusal);
      const existing = await trx.selectFrom("app_user").select("id").where("email", "=", email).executeTakeFirst();
      if (existing) throw new Rollback({ ok: false, error: "exists" });

      let organisation: { id: number; name: string } | undefined;
      let organisationCreated = false;
      if ("id" in input.organisation) {
        organisation = await trx
          .selectFrom("organisation")
          .select(["id", "name"])
          .where("id", "=", input.organisation.id)
          .executeTakeFirst();
        if (!organisation) throw new Rollback({ ok: false, error: "no-organisation" });
      } else {
        const name = input.organisation.name.trim();
        organisation = await trx
          .selectFrom("organisation")
          .select(["id", "name"])
          .where(sql`lower(name)`, "=", name.toLowerCase())
          .orderBy("id")
          .executeTakeFirst();
        if (!organisation) {
          organisation = await trx
            .insertInto("organisation")
            .values({ name })
            .onConflict((oc) => oc.column("name").doNothing())
            .returning(["id", "name"])
            .executeTakeFirst();
          organisation ??= await trx
            .selectFrom("organisation")
            .select(["id", "name"])
            .where("name", "=", name)
            .executeTakeFirstOrThrow();
          organisationCreated = true;
          await writeAudit(trx, {
            userId: actor.userId,
            action: "organisation.created",
            entity: "organisation",
            entityId: organisation.id,
            before: null,
            after: { id: organisation.id, name: organisation.name },
          });
        }
      }

      const inserted = await trx
        .insertInto("app_user")
        .values({
          email,
          display_name: input.displayName?.trim() || null,
          password_hash: passwordHash,
          organisation_id: organisation.id,
          role: input.role,
        })
        .onConflict((oc) => oc.column("email").doNothing())
        .returning(["id", "email", "display_name", "role", "active", "organisation_id", "created_at"])
        .executeTakeFirst();
      // Another request added the same email between our check and our insert.
      if (!inserted) throw new Rollback({ ok: false, error: "exists" });

      const user: UserListing = {
        id: inserted.id,
        email: inserted.email,
        displayName: inserted.display_name,
        role: inserted.role,
        active: inserted.active,
        organisationId: organisation.id,
        organisationName: organisation.name,
        createdAt: new Date(inserted.created_at).toISOString(),
      };
      await writeAudit(trx, {
        userId: actor.userId,
        action: "user.created",
        entity: "app_user",
        entityId: user.id,
        before: null,
        after: auditView(user),
      });
      return { ok: true as const, user, organisationCreated };
    });
  } catch (error) {
    if (error instanceof Rollback) return error.result;
    throw error;
  }
}

/** What the audit log keeps of a user: never the password hash. */
function auditView(u: {
  id: number;
  email: string;
  displayName: string | null;
  role: Role;
  active: boolean;
  organisationId: number;
  organisationName?: string;
}) {
  return {
    id: u.id,
    email: u.email,
    displayName: u.displayName,
    role: u.role,
    active: u.active,
    organisationId: u.organisationId,
    ...(u.organisationName !== undefined ? { organisationName: u.organisationName } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// Changing users (admins)

export type UpdateUserResult =
  { ok: true; changed: boolean } | { ok: false; error: "not-found" | "self" | "last-admin" };

/**
 * Sets a user's role and/or active flag. Deactivating also bumps session_version, so a later
 * reactivation does not revive old cookies. Admins cannot demote or deactivate themselves, and
 * the last active admin stays.
 */
export async function updateUser(
  db: Kysely<Database>,
  input: { userId: number; role?: Role; active?: boolean },
  actor: { userId: number },
): Promise<UpdateUserResult> {
  return db.transaction().execute(async (trx) => {
    // Lock the active admins (and the target) so two admins demoting each other cannot both succeed.
    const admins = await trx
      .selectFrom("app_user")
      .select("id")
      .where("role", "=", "admin")
      .where("active", "=", true)
      .orderBy("id")
      .forUpdate()
      .execute();
    const before = await trx
      .selectFrom("app_user")
      .select(["id", "email", "display_name", "role", "active", "organisation_id", "session_version"])
      .where("id", "=", input.userId)
      .forUpdate()
      .executeTakeFirst();
    if (!before) return { ok: false, error: "not-found" } as const;

    const role = input.role ?? before.role;
    const active = input.active ?? before.active;
    if (role === before.role && active === before.active) return { ok: true, changed: false } as const;

    const losesAdmin = before.role === "admin" && before.active && (role !== "admin" || !active);
    if (losesAdmin && before.id === actor.userId) return { ok: false, error: "self" } as const;
    if (losesAdmin && admins.filter((a) => a.id !== before.id).length === 0)
      return { ok: false, error: "last-admin" } as const;

    const after = await trx
      .updateTable("app_user")
      .set({
        role,
        active,
        ...(before.active && !active ? { session_version: sql<number>`session_version + 1` } : {}),
      })
      .where("id", "=", before.id)
      .returning(["id", "email", "display_name", "role", "active", "organisation_id"])
      .executeTakeFirstOrThrow();

    const view = (u: typeof after) =>
      auditView({
        id: u.id,
        email: u.email,
        displayName: u.display_name,
        role: u.role,
        active: u.active,
        organisationId: u.organisation_id,
      });
    await writeAudit(trx, {
      userId: actor.userId,
      action: before.active !== active ? (active ? "user.reactivated" : "user.deactivated") : "user.role_changed",
      entity: "app_user",
      entityId: before.id,
      before: view(before),
      after: view(after),
    });
    return { ok: true, changed: true } as const;
  });
}

// ---------------------------------------------------------------------------------------------
// Signing in (the limits on failed attempts: sign-in-limits.server.ts)

export type SignInResult =
  | { ok: true; userId: number; sessionVersion: number }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "inactive" }
  | { ok: false; reason: "locked"; until: Date };

/**
 * Checks an email and password. Unknown email and wrong password both answer `invalid` (after the
 * same work); while locked, the password is not even checked.
 */
export async function signIn(
  db: Kysely<Database>,
  credentials: { email: string; password: string },
  context: AttemptContext,
): Promise<SignInResult> {
  const email = credentials.email.trim().toLowerCase();
  const until = await signInLockedUntil(db, email, context);
  if (until) return { ok: false, reason: "locked", until };

  const user = await db
    .selectFrom("app_user")
    .select(["id", "password_hash", "active", "session_version"])
    .where("email", "=", email)
    .executeTakeFirst();
  const matches = user
    ? await verifyPassword(credentials.password, user.password_hash)
    : await verifyAgainstDummy(credentials.password);
  if (!user || !matches) {
    await recordAttempt(db, email, false, context);
    return { ok: false, reason: "invalid" };
  }
  // Only someone who knows the password learns that the account is deactivated.
  if (!user.active) return { ok: false, reason: "inactive" };

  await recordAttempt(db, email, true, context);
  if (needsRehash(user.password_hash)) {
    await db
      .updateTable("app_user")
      .set({ password_hash: await hashPassword(credentials.password) })
      .where("id", "=", user.id)
      .execute();
  }
  return { ok: true, userId: user.id, sessionVersion: user.session_version };
}

export type ChangePasswordResult =
  | { ok: true; sessionVersion: number }
  | { ok: false; reason: "wrong-password" }
  | { ok: false; reason: "locked"; until: Date };

/**
 * Sets a new password after checking the current one, and bumps session_version: every other
 * session of the user stops working; the caller issues a new cookie for this one.
 * A wrong current password counts as a failed sign-in attempt.
 */
export async function changePassword(
  db: Kysely<Database>,
  input: { userId: number; currentPassword: string; newPassword: string },
  context: AttemptContext,
): Promise<ChangePasswordResult> {
  const user = await db
    .selectFrom("app_user")
    .select(["id", "email", "password_hash", "session_version"])
    .where("id", "=", input.userId)
    .executeTakeFirstOrThrow();
  const until = await signInLockedUntil(db, user.email, context);
  if (until) return { ok: false, reason: "locked", until };
  if (!(await verifyPassword(input.currentPassword, user.password_hash))) {
    await recordAttempt(db, user.email, false, context);
    return { ok: false, reason: "wrong-password" };
  }
  const passwordHash = await hashPassword(input.newPassword);
  return db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable("app_user")
      .set({ password_hash: passwordHash, session_version: sql<number>`session_version + 1` })
      .where("id", "=", user.id)
      .returning("session_version")
      .executeTakeFirstOrThrow();
    await writeAudit(trx, {
      userId: user.id,
      action: "user.password_changed",
      entity: "app_user",
      entityId: user.id,
      before: { sessionVersion: user.session_version },
      after: { sessionVersion: updated.session_version },
    });
    return { ok: true, sessionVersion: updated.session_version } as const;
  });
}

/** Ends every session of a user (sign-out): cookies carrying the old session_version stop working. */
export async function endAllSessions(db: Kysely<Database>, userId: number): Promise<void> {
  await db
    .updateTable("app_user")
    .set({ session_version: sql<number>`session_version + 1` })
    .where("id", "=", userId)
    .execute();
}
