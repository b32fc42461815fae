// `npm run user:create`, run as a user would (not on a terminal: the password comes from USER_PASSWORD).
// The script's main runs in this process (tests/helpers/cli.ts).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../db/client";
import { main } from "../../scripts/user-create";
import { runScript } from "../helpers/cli";

/** `npm run user:create`, not on a terminal (the password comes from USER_PASSWORD), in this process. */
async function userCreate(args: string[], env: Record<string, string | undefined>) {
  const r = await runScript(
    main,
    args,
    Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined)),
  );
  return { code: r.code, stdout: r.stdout.toString("utf8"), stderr: r.errors.map((l) => `${l}\n`).join("") };
}

describe("user:create script", () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "upr-user-create-"));
  });
  afterAll(() => {
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  // Two runs, each opening and migrating the embedded database and hashing a password (scrypt), then a
  // check: 8 s on an idle machine, over 60 s beside another test run.
  it(
    "adds the first admin with the password from USER_PASSWORD, and refuses to add it twice",
    { timeout: 180_000 },
    async () => {
      const args = [
        "--email",
        "First.Admin@Example.org",
        "--org",
        "Stop the Traffik Kenya",
        "--role",
        "admin",
        "--name",
        "First Admin",
      ];
      const first = await userCreate(args, { DATA_DIR: dataDir, USER_PASSWORD: "a long enough password" });
      expect(first.stderr).toBe("");
      expect(first.code).toBe(0);
      expect(first.stdout).toMatch(/added admin first\.admin@example\.org .*"Stop the Traffik Kenya"/);

      const again = await userCreate(args, { DATA_DIR: dataDir, USER_PASSWORD: "a long enough password" });
      expect(again.code).toBe(1);
      expect(again.stderr).toMatch(/already exists; nothing was changed/);

      const handle = await createDb({ dataDir });
      try {
        const users = await handle.db
          .selectFrom("app_user as u")
          .innerJoin("organisation as o", "o.id", "u.organisation_id")
          .select(["u.email", "u.role", "u.display_name", "u.active", "o.name", "u.password_hash"])
          .execute();
        expect(users).toHaveLength(1);
        expect(users[0]).toMatchObject({
          email: "first.admin@example.org",
          role: "admin",
          display_name: "First Admin",
          active: true,
          name: "Stop the Traffik Kenya",
        });
        expect(users[0].password_hash).toMatch(/^scrypt\$/);
        const audit = await handle.db.selectFrom("audit_log").select(["action", "user_id"]).orderBy("id").execute();
        expect(audit).toEqual([
          { action: "organisation.created", user_id: null },
          { action: "user.created", user_id: null },
        ]);
      } finally {
        await handle.close();
      }
    },
  );

  it("exits 2 on bad arguments or a bad password, before touching the database", async () => {
    const other = fs.mkdtempSync(path.join(os.tmpdir(), "upr-user-create-bad-"));
    try {
      const cases: [string[], Record<string, string>, RegExp][] = [
        [["--org", "X"], { USER_PASSWORD: "a long enough password" }, /--email is required/],
        [["--email", "a@example.org"], { USER_PASSWORD: "a long enough password" }, /--org is required/],
        [
          ["--email", "a@example.org", "--org", "X", "--role", "owner"],
          { USER_PASSWORD: "a long enough password" },
          /--role/,
        ],
        [["--email", "not-an-email", "--org", "X"], { USER_PASSWORD: "a long enough password" }, /--email/],
        [
          ["--email", "a@example.org", "--org", "X", "--bogus"],
          { USER_PASSWORD: "a long enough password" },
          /Unknown option/,
        ],
        [["--email", "a@example.org", "--org", "X"], {}, /USER_PASSWORD/],
        [["--email", "a@example.org", "--org", "X"], { USER_PASSWORD: "short" }, /at least 10/],
        [["--email", "a@example.org", "--org", "X"], { USER_PASSWORD: "p".repeat(201) }, /at most 200/],
      ];
      for (const [args, env, message] of cases) {
        const r = await userCreate(args, { DATA_DIR: other, ...env });
        expect(r.code, args.join(" ")).toBe(2);
        expect(r.stderr).toMatch(message);
      }
      expect(fs.readdirSync(other)).toEqual([]);
    } finally {
      fs.rmSync(other, { recursive: true, force: true });
    }
  });
});
