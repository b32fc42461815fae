// Accounts, sign-in, sessions and roles, through the model functions and the route loaders/actions.
import { sql } from "kysely";
import { afterEach, beforeAll, expect, it, vi } from "vitest";
import { setDb } from "~/db.server";
import { listAudit, writeAudit } from "~/models/audit.server";
import {
  changePassword,
  countUsers,
  createUser,
  SIGN_IN_LIMITS,
  signIn,
  signInLockedUntil,
  updateUser,
} from "~/models/users.server";
import * as accountPassword from "~/routes/account.password";
import * as adminAudit from "~/routes/admin.audit";
import * as adminUsers from "~/routes/admin.users";
import * as login from "~/routes/login";
import * as logoutRoute from "~/routes/logout";
import * as root from "~/root";
import {
  clientAddress,
  getOptionalUser,
  requestOrigin,
  requireEditor,
  requireUser,
  setSessionSecretsForTesting,
} from "~/http/session.server";
import { args, get, post, run, sessionCookie, TEST_SESSION_SECRET } from "../helpers/requests";
import { describeEachEngine } from "../helpers/test-db";

const SECRET = TEST_SESSION_SECRET;
const ADMIN = { email: "admin@stopthetraffik.example", password: "admin password 1" };
const EDITOR = { email: "editor@stopthetraffik.example", password: "editor password 1" };

async function signInAs(
  who: { email: string; password: string },
  context: Record<string, unknown> = {},
): Promise<string> {
  const o = await run(login.action(args(post("/login", { email: who.email, password: who.password }), context)));
  expect(o.status, JSON.stringify(o.body)).toBe(302);
  return sessionCookie(o);
}

describeEachEngine("accounts", (t) => {
  let adminId: number;
  let editorId: number;
  let orgId: number;

  async function counts() {
    const n = (table: "app_user" | "organisation" | "audit_log" | "sign_in_attempt") =>
      t.db
        .selectFrom(table)
        .select(sql<number>`count(*)::int`.as("n"))
        .executeTakeFirstOrThrow()
        .then((r) => r.n);
    const [users, organisations, audit, attempts] = await Promise.all([
      n("app_user"),
      n("organisation"),
      n("audit_log"),
      n("sign_in_attempt"),
    ]);
    return { users, organisations, audit, attempts };
  }

  beforeAll(async () => {
    // Route modules use the app's database handle: point it at this engine's test database.
    setDb(Promise.resolve(t.handle));
    setSessionSecretsForTesting([SECRET]);
    const admin = await createUser(
      t.db,
      { ...ADMIN, role: "admin", organisation: { name: "Stop the Traffik Kenya" } },
      { userId: null },
    );
    if (!admin.ok) throw new Error("admin not created");
    adminId = admin.user.id;
    orgId = admin.user.organisationId;
    const editor = await createUser(
      t.db,
      { ...EDITOR, role: "editor", organisation: { id: orgId } },
      { userId: adminId },
    );
    if (!editor.ok) throw new Error("editor not created");
    editorId = editor.user.id;
  });

  afterEach(() => {
    vi.useRealTimers();
    setSessionSecretsForTesting([SECRET]);
  });

  // ---- Creating users (the model the CLI and /admin/users call) ---------------------------------

  it("creates a user and a new organisation, with audit entries that hold no password", async () => {
    const before = await counts();
    const result = await createUser(
      t.db,
      {
        email: "  Wanjiru@Example.ORG ",
        password: "a long password",
        role: "editor",
        displayName: "Wanjiru",
        organisation: { name: "Awareness Against Human Trafficking" },
      },
      { userId: adminId },
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.organisationCreated).toBe(true);
    expect(result.user).toMatchObject({
      email: "wanjiru@example.org",
      role: "editor",
      active: true,
      organisationName: "Awareness Against Human Trafficking",
    });
    expect(await counts()).toMatchObject({
      users: before.users + 1,
      organisations: before.organisations + 1,
      audit: before.audit + 2,
    });
    const row = await t.db
      .selectFrom("app_user")
      .select("password_hash")
      .where("id", "=", result.user.id)
      .executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^scrypt\$/);
    const audit = await t.db
      .selectFrom("audit_log")
      .selectAll()
      .where("entity_id", "=", String(result.user.id))
      .where("entity", "=", "app_user")
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ user_id: adminId, action: "user.created", before: null });
    expect(JSON.stringify(audit[0].after)).not.toMatch(/scrypt|password/i);
  });

  it("creating the same user twice (any case) changes nothing the second time, and reuses organisations by name", async () => {
    const first = await createUser(
      t.db,
      {
        email: "twice@example.org",
        password: "a long password",
        role: "editor",
        organisation: { name: "stop the traffik KENYA" },
      },
      { userId: adminId },
    );
    expect(first.ok && first.user.organisationId).toBe(orgId);
    expect(first.ok && first.organisationCreated).toBe(false);
    const before = await counts();
    const second = await createUser(
      t.db,
      { email: "TWICE@example.org", password: "another password", role: "admin", organisation: { name: "A New Org" } },
      { userId: adminId },
    );
    expect(second).toEqual({ ok: false, error: "exists" });
    expect(await counts()).toEqual(before);
    expect(await countUsers(t.db, "twice@example.org")).toBe(1);
  });

  it("refuses an unknown organisation id", async () => {
    const before = await counts();
    expect(
      await createUser(
        t.db,
        { email: "orphan@example.org", password: "a long password", role: "editor", organisation: { id: 999_999 } },
        { userId: adminId },
      ),
    ).toEqual({
      ok: false,
      error: "no-organisation",
    });
    expect(await counts()).toEqual(before);
  });

  // ---- Signing in -------------------------------------------------------------------------------

  it("signs in: a redirect to the local page asked for, with an HttpOnly SameSite=Lax cookie; the header then shows the user", async () => {
    const o = await run(
      login.action(
        args(
          post("/login", {
            email: " Admin@StopTheTraffik.example ",
            password: ADMIN.password,
            redirectTo: "/admin/users?x=1",
          }),
        ),
      ),
    );
    expect(o.status).toBe(302);
    expect(o.headers.get("Location")).toBe("/admin/users?x=1");
    const set = o.headers.get("Set-Cookie")!;
    expect(set).toMatch(/^upr_session=/);
    expect(set).toMatch(/HttpOnly/i);
    expect(set).toMatch(/SameSite=Lax/i);
    expect(set).toMatch(/Path=\//);
    expect(set).not.toMatch(/Secure/i);
    const cookie = sessionCookie(o);
    expect((await run(root.loader(args(get("/", cookie))))).body).toEqual({
      user: { email: ADMIN.email, role: "admin", organisationName: "Stop the Traffik Kenya" },
      sampleData: false,
      lng: "en",
      origin: "http://upr.test",
    });
    expect((await run(root.loader(args(get("/"))))).body).toEqual({
      user: null,
      sampleData: false,
      lng: "en",
      origin: "http://upr.test",
    });
    // Signed in already: the login page sends you on.
    expect((await run(login.loader(args(get("/login?redirectTo=/issues", cookie))))).headers.get("Location")).toBe(
      "/issues",
    );
  });

  it("never redirects to another site after sign-in", async () => {
    for (const redirectTo of ["//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:alert(1)"]) {
      const o = await run(login.action(args(post("/login", { ...EDITOR, redirectTo }))));
      expect(o.status).toBe(302);
      expect(o.headers.get("Location")).toBe("/");
    }
  });

  it("sets the Secure flag over HTTPS, and believes X-Forwarded-* only with TRUST_PROXY", async () => {
    const o = await run(login.action(args(post("/login", EDITOR, { base: "https://upr.test" }))));
    expect(o.status).toBe(302);
    expect(o.headers.get("Set-Cookie")).toMatch(/; Secure/i);

    const proxied = new Request("http://127.0.0.1:3000/login", {
      headers: { "X-Forwarded-Proto": "https", "X-Forwarded-Host": "upr.example.org" },
    });
    expect(requestOrigin(proxied, false)).toBe("http://127.0.0.1:3000");
    expect(requestOrigin(proxied, true)).toBe("https://upr.example.org");
    const forwarded = new Request("http://127.0.0.1:3000/login", {
      headers: { "X-Forwarded-For": "198.51.100.1, 203.0.113.4" },
    });
    expect(clientAddress(forwarded, { clientAddress: "127.0.0.1" }, false)).toBe("127.0.0.1");
    expect(clientAddress(forwarded, { clientAddress: "127.0.0.1" }, true)).toBe("203.0.113.4");
    expect(clientAddress(new Request("http://x/"), {}, false)).toBeNull();
  });

  it("answers a wrong password and an unknown user with the same message, and starts no session", async () => {
    const wrong = await run(login.action(args(post("/login", { email: EDITOR.email, password: "not the password" }))));
    const unknown = await run(
      login.action(args(post("/login", { email: "nobody@example.org", password: "not the password" }))),
    );
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.formError).toBe("Wrong email or password.");
    expect(unknown.body.formError).toBe(wrong.body.formError);
    expect(unknown.body.email).toBe("nobody@example.org");
    expect(wrong.headers.get("Set-Cookie")).toBeNull();
    expect(unknown.headers.get("Set-Cookie")).toBeNull();
  });

  it("refuses overlong or missing fields beside the field, writing nothing (not even an attempt)", async () => {
    const before = await counts();
    const longEmail = `${"a".repeat(243)}@example.org`; // 255 characters
    expect(longEmail).toHaveLength(255);
    const o1 = await run(login.action(args(post("/login", { email: longEmail, password: "whatever password" }))));
    expect(o1.status).toBe(400);
    expect(o1.body.errors.email[0]).toMatch(/at most 254/);
    const o2 = await run(login.action(args(post("/login", { email: EDITOR.email, password: "p".repeat(201) }))));
    expect(o2.status).toBe(400);
    expect(o2.body.errors.password[0]).toMatch(/at most 200/);
    const o3 = await run(login.action(args(post("/login", { password: "x" }))));
    expect(o3.status).toBe(400);
    expect(o3.body.errors.email).toBeTruthy();
    expect(await counts()).toEqual(before);
  });

  it("locks an account after 5 failures until the window has passed, then lets the right password in", async () => {
    const email = "lockme@example.org";
    const created = await createUser(
      t.db,
      { email, password: "the right password", role: "editor", organisation: { id: orgId } },
      { userId: adminId },
    );
    expect(created.ok).toBe(true);
    const t0 = new Date();
    const at = (ms: number) => ({ address: "198.51.100.7", now: new Date(t0.getTime() + ms) });

    for (let i = 0; i < 5; i++)
      expect(await signIn(t.db, { email, password: `wrong ${i}` }, at(i * 1000))).toEqual({
        ok: false,
        reason: "invalid",
      });
    // Locked, even with the right password; the lock ends 15 minutes after the oldest of the five.
    const locked = await signIn(t.db, { email, password: "the right password" }, at(60_000));
    expect(locked).toEqual({ ok: false, reason: "locked", until: new Date(t0.getTime() + SIGN_IN_LIMITS.windowMs) });
    expect(await signInLockedUntil(t.db, email, at(SIGN_IN_LIMITS.windowMs - 1))).toEqual(
      new Date(t0.getTime() + SIGN_IN_LIMITS.windowMs),
    );
    // The window has passed for the oldest failure: four remain, so the account is open again.
    const later = await signIn(t.db, { email, password: "the right password" }, at(SIGN_IN_LIMITS.windowMs + 1));
    expect(later).toMatchObject({ ok: true, userId: created.ok ? created.user.id : -1 });
    // A success resets the count of the account: four more failures do not lock it.
    for (let i = 0; i < 4; i++)
      await signIn(t.db, { email, password: `wrong again ${i}` }, at(SIGN_IN_LIMITS.windowMs + 2000 + i));
    expect(
      await signIn(t.db, { email, password: "the right password" }, at(SIGN_IN_LIMITS.windowMs + 10_000)),
    ).toMatchObject({ ok: true });
  });

  it("tells a locked account, through the form, when to try again (unknown emails lock the same way)", async () => {
    for (const email of ["lockform@example.org", "nobody-lock@example.org"]) {
      if (email === "lockform@example.org") {
        await createUser(
          t.db,
          { email, password: "the right password", role: "editor", organisation: { id: orgId } },
          { userId: adminId },
        );
      }
      for (let i = 0; i < 5; i++)
        expect((await run(login.action(args(post("/login", { email, password: `wrong ${i}` }))))).status).toBe(401);
      const o = await run(login.action(args(post("/login", { email, password: "the right password" }))));
      expect(o.status).toBe(429);
      expect(o.body.formError).toMatch(/^Too many failed attempts\. Try again after \d\d:\d\d UTC\.$/);
      expect(o.headers.get("Set-Cookie")).toBeNull();
      // The minute given is 15 minutes from now, rounded up.
      const [hh, mm] = /(\d\d):(\d\d) UTC/.exec(o.body.formError)!.slice(1).map(Number);
      const expected = new Date(Math.ceil((Date.now() + SIGN_IN_LIMITS.windowMs) / 60_000) * 60_000);
      expect(
        Math.abs(hh * 60 + mm - (expected.getUTCHours() * 60 + expected.getUTCMinutes())) % (24 * 60),
      ).toBeLessThanOrEqual(1);
    }
  });

  it("limits failures per client address across accounts", async () => {
    const now = new Date();
    const address = "203.0.113.9";
    await t.db
      .insertInto("sign_in_attempt")
      .values(
        Array.from({ length: SIGN_IN_LIMITS.perAddress }, (_, i) => ({
          at: new Date(now.getTime() - 60_000 + i),
          email: `guess${i}@example.org`,
          address,
          succeeded: false,
        })),
      )
      .execute();
    expect(SIGN_IN_LIMITS).toMatchObject({ windowMs: 15 * 60 * 1000, perPair: 5, perAddress: 20 });
    expect(await signIn(t.db, EDITOR, { address, now })).toMatchObject({ ok: false, reason: "locked" });
    expect(await signIn(t.db, EDITOR, { address: "203.0.113.10", now })).toMatchObject({ ok: true });
    // Through the form, the address comes from the server's load context.
    const o = await run(login.action(args(post("/login", EDITOR), { clientAddress: address })));
    expect(o.status).toBe(429);
  });

  it("a stranger guessing from one address never locks the owner out elsewhere", async () => {
    const email = "target@example.org";
    const created = await createUser(
      t.db,
      { email, password: "the right password", role: "editor", organisation: { id: orgId } },
      { userId: adminId },
    );
    expect(created.ok).toBe(true);
    const t0 = new Date();
    const stranger = (ms: number) => ({ address: "192.0.2.66", now: new Date(t0.getTime() + ms) });
    const owner = (ms: number) => ({ address: "198.51.100.20", now: new Date(t0.getTime() + ms) });
    // A whole day of guessing from one address, as fast as the limits let it.
    let tried = 0;
    for (let ms = 0; ms < SIGN_IN_LIMITS.longWindowMs; ms += 1000) {
      const until = await signInLockedUntil(t.db, email, stranger(ms));
      if (until) {
        ms = until.getTime() - t0.getTime() - 1000; // the guesser waits exactly as long as it must
        continue;
      }
      expect(await signIn(t.db, { email, password: `guess ${ms}` }, stranger(ms))).toEqual({
        ok: false,
        reason: "invalid",
      });
      tried++;
    }
    // The pair limits held it to 20 guesses in the day (5 in any 15 minutes)...
    expect(tried).toBe(SIGN_IN_LIMITS.perPairLong);
    expect(
      await signIn(t.db, { email, password: "the right password" }, stranger(SIGN_IN_LIMITS.longWindowMs - 1)),
    ).toMatchObject({ ok: false, reason: "locked" });
    // ...and the owner, from another address, signs in at any moment of it.
    for (const ms of [5 * 60_000, 60 * 60_000, SIGN_IN_LIMITS.longWindowMs - 1]) {
      expect(await signInLockedUntil(t.db, email, owner(ms))).toBeNull();
    }
    expect(
      await signIn(t.db, { email, password: "the right password" }, owner(SIGN_IN_LIMITS.longWindowMs - 1)),
    ).toMatchObject({ ok: true });
  });

  it("many addresses together lock an account for new addresses, but not for one it signed in from before", async () => {
    const email = "botnet-target@example.org";
    await createUser(
      t.db,
      { email, password: "the right password", role: "editor", organisation: { id: orgId } },
      { userId: adminId },
    );
    const t0 = new Date();
    const at = (address: string, ms: number) => ({ address, now: new Date(t0.getTime() + ms) });
    // The owner signed in from home last week.
    expect(
      await signIn(t.db, { email, password: "the right password" }, at("198.51.100.30", -7 * 24 * 3_600_000)),
    ).toMatchObject({ ok: true });
    // Then 100 failures from 25 addresses within a day (4 each: no pair or address limit reached).
    await t.db
      .insertInto("sign_in_attempt")
      .values(
        Array.from({ length: SIGN_IN_LIMITS.perAccountLong - 1 }, (_, i) => ({
          at: new Date(t0.getTime() + i * 1000),
          email,
          address: `203.0.113.${100 + (i % 25)}`,
          succeeded: false,
        })),
      )
      .execute();
    expect(await signInLockedUntil(t.db, email, at("192.0.2.200", 150_000))).toBeNull();
    expect(await signIn(t.db, { email, password: "the last guess" }, at("203.0.113.99", 150_000))).toEqual({
      ok: false,
      reason: "invalid",
    });
    const locked = await signIn(t.db, { email, password: "the right password" }, at("192.0.2.200", 200_000));
    expect(locked).toEqual({
      ok: false,
      reason: "locked",
      until: new Date(t0.getTime() + SIGN_IN_LIMITS.longWindowMs),
    });
    // Any other new address too, even one that never tried.
    expect(await signInLockedUntil(t.db, email, at("192.0.2.201", 200_000))).not.toBeNull();
    // Home still works.
    expect(await signIn(t.db, { email, password: "the right password" }, at("198.51.100.30", 200_000))).toMatchObject({
      ok: true,
    });
  });

  // ---- Sessions -----------------------------------------------------------------------------------

  it("treats a tampered, foreign-signed or expired cookie as signed out", async () => {
    const cookie = await signInAs(EDITOR);
    expect(await getOptionalUser(get("/", cookie))).toMatchObject({ id: editorId, role: "editor" });

    // Change the signed data (claim to be the admin) and keep the old signature.
    const value = decodeURIComponent(cookie.slice("upr_session=".length));
    const dot = value.lastIndexOf(".");
    const data = JSON.parse(Buffer.from(value.slice(0, dot), "base64").toString("utf8"));
    expect(data.userId).toBe(editorId);
    const forged = Buffer.from(JSON.stringify({ ...data, userId: adminId })).toString("base64");
    const tampered = `upr_session=${encodeURIComponent(`${forged}.${value.slice(dot + 1)}`)}`;
    expect(await getOptionalUser(get("/", tampered))).toBeNull();
    expect(await getOptionalUser(get("/", `upr_session=${encodeURIComponent(value.slice(0, dot))}.AAAA`))).toBeNull();
    expect(await getOptionalUser(get("/", "upr_session=garbage"))).toBeNull();

    // Anonymous (tampered) GET: to the sign-in page, with the stale cookie cleared. POST: 403.
    const page = await run(requireUser(get("/account/password?x=1", tampered)));
    expect(page.status).toBe(302);
    expect(page.headers.get("Location")).toBe("/login?redirectTo=%2Faccount%2Fpassword%3Fx%3D1");
    expect(page.headers.get("Set-Cookie")).toMatch(/^upr_session=;.*(Max-Age=0|Expires=Thu, 01 Jan 1970)/);
    expect((await run(requireUser(post("/account/password", {}, { cookie: tampered })))).status).toBe(403);

    // Signed with a secret we do not hold.
    setSessionSecretsForTesting(["another-secret-0123456789abcdef0123456789"]);
    const foreign = await signInAs(EDITOR);
    setSessionSecretsForTesting([SECRET]);
    expect(await getOptionalUser(get("/", foreign))).toBeNull();

    // Expired: the server checks the expiry it signed, whatever the browser keeps.
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + 15 * 24 * 60 * 60 * 1000);
    expect(await getOptionalUser(get("/", cookie))).toBeNull();
    vi.useRealTimers();
    expect(await getOptionalUser(get("/", cookie))).not.toBeNull();
  });

  it("rotates secrets: the first signs, the others still verify", async () => {
    const old = await signInAs(EDITOR);
    const NEW = "new-secret-abcdef0123456789abcdef0123456789";
    setSessionSecretsForTesting([NEW, SECRET]);
    expect(await getOptionalUser(get("/", old))).toMatchObject({ id: editorId });
    const fresh = await signInAs(EDITOR);
    setSessionSecretsForTesting([NEW]);
    expect(await getOptionalUser(get("/", fresh))).toMatchObject({ id: editorId });
    expect(await getOptionalUser(get("/", old))).toBeNull();
  });

  it("signs out with a POST that clears the cookie; a GET does nothing", async () => {
    const cookie = await signInAs(EDITOR);
    const o = await run(logoutRoute.action(args(post("/logout", {}, { cookie }))));
    expect(o.status).toBe(302);
    expect(o.headers.get("Location")).toBe("/");
    expect(o.headers.get("Set-Cookie")).toMatch(/^upr_session=;/);
    const g = await run(logoutRoute.loader());
    expect(g.status).toBe(302);
    expect(g.headers.get("Set-Cookie")).toBeNull();
  });

  it("changes the password only with the current one, and signs out every other session", async () => {
    const who = { email: "changer@example.org", password: "first password 1" };
    const created = await createUser(
      t.db,
      { ...who, role: "editor", organisation: { id: orgId } },
      { userId: adminId },
    );
    if (!created.ok) throw new Error("not created");
    const here = await signInAs(who);
    const elsewhere = await signInAs(who);
    const row = () =>
      t.db
        .selectFrom("app_user")
        .select(["password_hash", "session_version"])
        .where("id", "=", created.user.id)
        .executeTakeFirstOrThrow();
    const start = await row();

    const page = await run(accountPassword.loader(args(get("/account/password", here))));
    expect(page.body).toMatchObject({ email: who.email, changed: false });

    const attempt = (fields: Record<string, string>) =>
      run(accountPassword.action(args(post("/account/password", fields, { cookie: here }))));
    const wrong = await attempt({
      currentPassword: "not my password",
      newPassword: "second password 2",
      confirmPassword: "second password 2",
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors.currentPassword[0]).toBe("The current password is not right.");
    const short = await attempt({ currentPassword: who.password, newPassword: "short", confirmPassword: "short" });
    expect(short.body.errors.newPassword[0]).toMatch(/at least 10/);
    const differ = await attempt({
      currentPassword: who.password,
      newPassword: "second password 2",
      confirmPassword: "second password 3",
    });
    expect(differ.body.errors.confirmPassword[0]).toMatch(/differ/);
    const long = await attempt({
      currentPassword: who.password,
      newPassword: "x".repeat(201),
      confirmPassword: "x".repeat(201),
    });
    expect(long.body.errors.newPassword[0]).toMatch(/at most 200/);
    expect(await row()).toEqual(start);

    const done = await attempt({
      currentPassword: who.password,
      newPassword: "second password 2",
      confirmPassword: "second password 2",
    });
    expect(done.status).toBe(302);
    expect(done.headers.get("Location")).toBe("/account/password?changed=1");
    const renewed = sessionCookie(done);
    expect((await row()).session_version).toBe(start.session_version + 1);

    expect(await getOptionalUser(get("/", renewed))).toMatchObject({ id: created.user.id });
    expect(await getOptionalUser(get("/", elsewhere))).toBeNull();
    expect(await getOptionalUser(get("/", here))).toBeNull();
    expect((await run(login.action(args(post("/login", who))))).status).toBe(401);
    await signInAs({ email: who.email, password: "second password 2" });

    const audit = await t.db
      .selectFrom("audit_log")
      .select(["action", "before", "after"])
      .where("entity", "=", "app_user")
      .where("entity_id", "=", String(created.user.id))
      .where("action", "=", "user.password_changed")
      .execute();
    expect(audit).toEqual([
      {
        action: "user.password_changed",
        before: { sessionVersion: start.session_version },
        after: { sessionVersion: start.session_version + 1 },
      },
    ]);
  });

  it("counts a wrong current password as a failed attempt (the model locks too)", async () => {
    const who = { email: "changer2@example.org", password: "first password 1" };
    const created = await createUser(
      t.db,
      { ...who, role: "editor", organisation: { id: orgId } },
      { userId: adminId },
    );
    if (!created.ok) throw new Error("not created");
    const now = new Date();
    for (let i = 0; i < 5; i++) {
      expect(
        await changePassword(
          t.db,
          { userId: created.user.id, currentPassword: `wrong ${i}`, newPassword: "whatever 12345" },
          { address: null, now },
        ),
      ).toEqual({ ok: false, reason: "wrong-password" });
    }
    expect(
      await changePassword(
        t.db,
        { userId: created.user.id, currentPassword: who.password, newPassword: "whatever 12345" },
        { address: null, now },
      ),
    ).toMatchObject({ ok: false, reason: "locked" });
  });

  it("signs a deactivated user out at once; they cannot sign in; reactivation does not revive old cookies", async () => {
    const who = { email: "leaver@example.org", password: "leaver password" };
    const created = await createUser(
      t.db,
      { ...who, role: "editor", organisation: { id: orgId } },
      { userId: adminId },
    );
    if (!created.ok) throw new Error("not created");
    const theirs = await signInAs(who);
    const admin = await signInAs(ADMIN);
    expect(await getOptionalUser(get("/", theirs))).not.toBeNull();

    const off = await run(
      adminUsers.action(
        args(
          post(
            "/admin/users",
            { intent: "set-active", userId: String(created.user.id), active: "false" },
            { cookie: admin },
          ),
        ),
      ),
    );
    expect(off.status).toBe(200);
    expect(off.body).toMatchObject({ ok: true, message: "Saved." });
    expect(await getOptionalUser(get("/", theirs))).toBeNull();
    expect((await run(requireEditor(get("/recommendations/1", theirs)))).status).toBe(302);
    expect((await run(requireEditor(post("/recommendations/1", {}, { cookie: theirs })))).status).toBe(403);

    const again = await run(login.action(args(post("/login", who))));
    expect(again.status).toBe(401);
    expect(again.body.formError).toMatch(/deactivated/);
    expect(again.headers.get("Set-Cookie")).toBeNull();

    const on = await run(
      adminUsers.action(
        args(
          post(
            "/admin/users",
            { intent: "set-active", userId: String(created.user.id), active: "true" },
            { cookie: admin },
          ),
        ),
      ),
    );
    expect(on.status).toBe(200);
    expect(await getOptionalUser(get("/", theirs))).toBeNull();
    await signInAs(who);

    const actions = await t.db
      .selectFrom("audit_log")
      .select("action")
      .where("entity", "=", "app_user")
      .where("entity_id", "=", String(created.user.id))
      .orderBy("id")
      .execute();
    expect(actions.map((a) => a.action)).toEqual(["user.created", "user.deactivated", "user.reactivated"]);
  });

  // ---- Origin checks --------------------------------------------------------------------------------

  it("refuses a POST from another site (Origin, or Sec-Fetch-Site without Origin) with 403, writing nothing", async () => {
    const admin = await signInAs(ADMIN);
    const fields = {
      intent: "create",
      email: "csrf@example.org",
      organisationId: String(orgId),
      role: "admin",
      password: "a long password",
    };
    const before = await counts();
    for (const options of [
      { origin: "https://evil.example" },
      { origin: "null" },
      { origin: "http://upr.test:8080" },
      { origin: null, headers: { "Sec-Fetch-Site": "cross-site" } },
      { origin: null, headers: { "Sec-Fetch-Site": "same-site" } },
    ]) {
      const o = await run(adminUsers.action(args(post("/admin/users", fields, { cookie: admin, ...options }))));
      expect(o.status, JSON.stringify(options)).toBe(403);
    }
    for (const request of [
      post("/login", EDITOR, { origin: "https://evil.example" }),
      post("/logout", {}, { cookie: admin, origin: "https://evil.example" }),
      post(
        "/account/password",
        { currentPassword: ADMIN.password, newPassword: "taken over 123", confirmPassword: "taken over 123" },
        { cookie: admin, origin: "https://evil.example" },
      ),
    ]) {
      const path = new URL(request.url).pathname;
      const action =
        path === "/login" ? login.action : path === "/logout" ? logoutRoute.action : accountPassword.action;
      const o = await run(action(args(request)));
      expect(o.status, path).toBe(403);
      expect(o.headers.get("Set-Cookie")).toBeNull();
    }
    expect(await counts()).toEqual(before);

    // Same origin, or an old browser that sends neither header: accepted.
    const ok = await run(
      adminUsers.action(
        args(
          post("/admin/users", fields, { cookie: admin, origin: null, headers: { "Sec-Fetch-Site": "same-origin" } }),
        ),
      ),
    );
    expect(ok.status).toBe(200);
    expect(await countUsers(t.db, "csrf@example.org")).toBe(1);
  });

  // ---- Roles ----------------------------------------------------------------------------------------

  it("keeps the admin pages from editors (403) and anonymous visitors (sign-in redirect; 403 for POST), writing nothing", async () => {
    const editor = await signInAs(EDITOR);
    for (const loader of [adminUsers.loader, adminAudit.loader]) {
      expect((await run(loader(args(get("/admin/users", editor))))).status).toBe(403);
    }
    const anonymous = await run(adminUsers.loader(args(get("/admin/users"))));
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toBe("/login?redirectTo=%2Fadmin%2Fusers");
    const anonymousAudit = await run(adminAudit.loader(args(get("/admin/audit?entity=app_user"))));
    expect(anonymousAudit.headers.get("Location")).toBe("/login?redirectTo=%2Fadmin%2Faudit%3Fentity%3Dapp_user");
    expect((await run(accountPassword.loader(args(get("/account/password"))))).status).toBe(302);

    const before = await counts();
    const create = {
      intent: "create",
      email: "sneaky@example.org",
      organisationId: String(orgId),
      role: "admin",
      password: "a long password",
    };
    const status = async (result: Promise<unknown>) => (await run(result)).status;
    expect(await status(adminUsers.action(args(post("/admin/users", create, { cookie: editor }))))).toBe(403);
    expect(await status(adminUsers.action(args(post("/admin/users", create))))).toBe(403);
    expect(
      await status(
        adminUsers.action(
          args(
            post("/admin/users", { intent: "set-role", userId: String(editorId), role: "admin" }, { cookie: editor }),
          ),
        ),
      ),
    ).toBe(403);
    const change = { currentPassword: "x", newPassword: "y".repeat(12), confirmPassword: "y".repeat(12) };
    expect(await status(accountPassword.action(args(post("/account/password", change))))).toBe(403);
    expect(await counts()).toEqual(before);
    expect(
      (await t.db.selectFrom("app_user").select("role").where("id", "=", editorId).executeTakeFirstOrThrow()).role,
    ).toBe("editor");
  });

  it("lets an admin list users, add one (to an existing or a new organisation) and change roles; a second identical form says the user exists", async () => {
    const admin = await signInAs(ADMIN);
    const page = await run(adminUsers.loader(args(get("/admin/users", admin))));
    expect(page.status).toBe(200);
    expect(page.body.users.map((u: { email: string }) => u.email)).toEqual(
      expect.arrayContaining([ADMIN.email, EDITOR.email]),
    );
    expect(JSON.stringify(page.body)).not.toMatch(/scrypt/);

    const fields = {
      intent: "create",
      email: "New.Editor@Example.org",
      displayName: "New Editor",
      organisationId: "new",
      newOrganisation: "Kenya National Commission on Human Rights",
      role: "editor",
      password: "a long password",
    };
    const first = await run(adminUsers.action(args(post("/admin/users", fields, { cookie: admin }))));
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ intent: "create", ok: true });
    const before = await counts();
    const second = await run(adminUsers.action(args(post("/admin/users", fields, { cookie: admin }))));
    expect(second.status).toBe(409);
    expect(second.body.errors.email).toEqual(["A user with this email already exists."]);
    expect(second.body.values).toMatchObject({
      email: "New.Editor@Example.org",
      newOrganisation: "Kenya National Commission on Human Rights",
    });
    expect(JSON.stringify(second.body)).not.toContain("a long password");
    expect(await counts()).toEqual(before);
    expect(await countUsers(t.db, "new.editor@example.org")).toBe(1);

    const newUser = await t.db
      .selectFrom("app_user")
      .select("id")
      .where("email", "=", "new.editor@example.org")
      .executeTakeFirstOrThrow();
    const promote = await run(
      adminUsers.action(
        args(
          post("/admin/users", { intent: "set-role", userId: String(newUser.id), role: "admin" }, { cookie: admin }),
        ),
      ),
    );
    expect(promote.body).toMatchObject({ ok: true, userId: newUser.id });
    const user = await getOptionalUser(
      get("/", await signInAs({ email: "new.editor@example.org", password: "a long password" })),
    );
    expect(user).toMatchObject({
      role: "admin",
      organisationName: "Kenya National Commission on Human Rights",
      displayName: "New Editor",
    });

    const self = await run(
      adminUsers.action(
        args(post("/admin/users", { intent: "set-role", userId: String(adminId), role: "editor" }, { cookie: admin })),
      ),
    );
    expect(self.status).toBe(409);
    expect(self.body.message).toMatch(/your own/);
    const missing = await run(
      adminUsers.action(
        args(post("/admin/users", { intent: "set-active", userId: "999999", active: "false" }, { cookie: admin })),
      ),
    );
    expect(missing.status).toBe(404);
  });

  it("answers bad admin input beside the field and writes nothing", async () => {
    const admin = await signInAs(ADMIN);
    const before = await counts();
    const base = {
      intent: "create",
      email: "fine@example.org",
      organisationId: String(orgId),
      role: "editor",
      password: "a long password",
    };
    const cases: [Record<string, string>, string][] = [
      [{ email: `${"b".repeat(243)}@example.org` }, "email"],
      [{ email: "not-an-email" }, "email"],
      [{ password: "p".repeat(201) }, "password"],
      [{ password: "short" }, "password"],
      [{ role: "owner" }, "role"],
      [{ displayName: "n".repeat(201) }, "displayName"],
      [{ organisationId: "new", newOrganisation: "" }, "newOrganisation"],
      [{ organisationId: "new", newOrganisation: "o".repeat(201) }, "newOrganisation"],
      [{ organisationId: "drop table" }, "organisationId"],
    ];
    for (const [over, field] of cases) {
      const o = await run(adminUsers.action(args(post("/admin/users", { ...base, ...over }, { cookie: admin }))));
      expect(o.status, field).toBe(400);
      expect(o.body.errors[field], JSON.stringify(over)).toBeTruthy();
    }
    const unknownIntent = await run(
      adminUsers.action(args(post("/admin/users", { intent: "drop" }, { cookie: admin }))),
    );
    expect(unknownIntent.status).toBe(400);
    expect(await counts()).toEqual(before);
  });

  it("keeps the last active admin", async () => {
    const admins = await t.db
      .selectFrom("app_user")
      .select("id")
      .where("role", "=", "admin")
      .where("active", "=", true)
      .execute();
    // Acting as someone else (a script, say) on a database where only this admin remains active.
    await t.db
      .updateTable("app_user")
      .set({ active: false })
      .where("role", "=", "admin")
      .where("id", "!=", adminId)
      .execute();
    try {
      expect(await updateUser(t.db, { userId: adminId, role: "editor" }, { userId: editorId })).toEqual({
        ok: false,
        error: "last-admin",
      });
      expect(await updateUser(t.db, { userId: adminId, active: false }, { userId: editorId })).toEqual({
        ok: false,
        error: "last-admin",
      });
    } finally {
      await t.db
        .updateTable("app_user")
        .set({ active: true })
        .where(
          "id",
          "in",
          admins.map((a) => a.id),
        )
        .execute();
    }
  });

  // ---- Audit log ----------------------------------------------------------------------------------------

  it("writes audit entries inside the caller's transaction", async () => {
    const before = await counts();
    await expect(
      t.db.transaction().execute(async (trx) => {
        await writeAudit(trx, {
          userId: adminId,
          action: "test.rolled_back",
          entity: "test",
          entityId: 1,
          before: null,
          after: { a: 1 },
        });
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect(await counts()).toEqual(before);
    await t.db.transaction().execute((trx) =>
      writeAudit(trx, {
        userId: null,
        action: "test.kept",
        entity: "test",
        entityId: "x-1",
        before: { a: 1, b: [1] },
        after: { a: 2, b: [1] },
      }),
    );
    const page = await listAudit(t.db, { entity: "test" });
    expect(page.entries).toHaveLength(1);
    expect(page.entries[0]).toMatchObject({
      action: "test.kept",
      entityId: "x-1",
      userId: null,
      userEmail: null,
      before: { a: 1, b: [1] },
      after: { a: 2, b: [1] },
      changed: ["a"],
    });
  });

  it("shows admins the audit log newest first, filtered by entity, in pages", async () => {
    const admin = await signInAs(ADMIN);
    const all = await run(adminAudit.loader(args(get("/admin/audit", admin))));
    expect(all.status).toBe(200);
    const entries = all.body.entries as { id: number; at: string; entity: string; userEmail: string | null }[];
    expect(entries.length).toBeGreaterThan(5);
    for (let i = 1; i < entries.length; i++) expect(entries[i - 1].at >= entries[i].at).toBe(true);
    expect(all.body.entities).toEqual(expect.arrayContaining(["app_user", "organisation"]));

    const orgs = await run(adminAudit.loader(args(get("/admin/audit?entity=organisation", admin))));
    expect(orgs.body.entity).toBe("organisation");
    expect(orgs.body.entries.length).toBeGreaterThan(0);
    expect(orgs.body.entries.every((e: { entity: string }) => e.entity === "organisation")).toBe(true);

    const bad = await run(adminAudit.loader(args(get(`/admin/audit?page=-3&entity=${"e".repeat(500)}`, admin))));
    expect(bad.status).toBe(200);
    expect(bad.body).toMatchObject({ page: 1, entity: null });

    const page1 = await listAudit(t.db, { pageSize: 2 });
    const page2 = await listAudit(t.db, { pageSize: 2, page: 2 });
    expect(page1.pageCount).toBe(Math.ceil(page1.total / 2));
    expect(page1.entries.map((e) => e.id)).not.toContain(page2.entries[0].id);
    expect(page1.entries[1].at >= page2.entries[0].at).toBe(true);
    const beyond = await listAudit(t.db, { pageSize: 2, page: 10_000 });
    expect(beyond.page).toBe(beyond.pageCount);
  });
});
