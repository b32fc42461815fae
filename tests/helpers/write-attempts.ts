// Every request that would change data, one or more per route module with an action: shared by the
// in-process check (tests/integration/write-routes-security.test.ts) and the probes against a running
// server (tests/integration/security.test.ts).
import fs from "node:fs";
import path from "node:path";

export const ROUTES_DIR = path.resolve(import.meta.dirname, "../../app/routes");

export type Attempt = { path: string; params?: Record<string, string>; fields: (ctx: Ctx) => Record<string, string> };
export type Ctx = {
  recommendationId: number;
  orgId: number;
  editorId: number;
  deletedAuditId: number;
  issueId: number;
  uploadId: string;
  importId: number;
};

/**
 * A request that would change data, for each route module with an action. A new route with an action
 * must be added here: the test fails until it is, so no write route goes unchecked.
 * Routes whose action is public by design (sign-in, sign-out) are listed with `null`.
 */
export const WRITES: Record<string, Attempt[] | null> = {
  "login.tsx": null,
  "logout.tsx": null,
  // Counts the words of a pasted or uploaded draft and stores nothing (it still checks Origin).
  "tools.word-count.tsx": null,
  // The first admin's form: open to anyone holding the one-time token the server printed, while no admin
  // exists (tests/integration/first-run.test.ts probes it without and with the token).
  "setup.tsx": null,
  // The read API: its action writes nothing and answers every POST, PUT, PATCH and DELETE with a 405 JSON error
  // (tests/integration/api.test.ts, api-server.test.ts).
  "api.v1.$.tsx": null,
  "api.v1.states.tsx": null,
  "api.v1.reviews.tsx": null,
  "api.v1.recommendations._index.tsx": null,
  "api.v1.recommendations.$id.tsx": null,
  "api.v1.issues._index.tsx": null,
  "api.v1.issues.$slug.tsx": null,
  "api.v1.openapi[.]json.tsx": null,
  "recommendations.$id.tsx": [
    {
      path: "/recommendations/:id",
      fields: (c) => ({
        intent: "record",
        basedOn: "0",
        status: "in_progress",
        asOf: "2012-01-01",
        evidence: "x",
        sourceUrls: "",
        organisationId: String(c.orgId),
      }),
    },
    { path: "/recommendations/:id", fields: (c) => ({ intent: "link-issue", issueId: String(c.issueId) }) },
  ],
  "import.tsx": [
    {
      path: "/import",
      fields: (c) => ({ intent: "import", uploadId: c.uploadId, format: "auto", encoding: "auto", delimiter: "auto" }),
    },
  ],
  "recommendations._index.tsx": [
    {
      path: "/recommendations",
      fields: (c) => ({ intent: "link", issueId: String(c.issueId), ids: String(c.recommendationId + 2) }),
    },
  ],
  "issues._index.tsx": [
    {
      path: "/issues",
      fields: () => ({
        intent: "create",
        title: "Trafficking for domestic work",
        description: "",
        keywords: "trafficking, domestic work",
        slug: "",
      }),
    },
  ],
  "issues.$slug.tsx": [
    {
      path: "/issues/:slug",
      params: { slug: "victim-protection" },
      fields: () => ({
        intent: "update",
        title: "Victims of trafficking lack protection",
        description: "x",
        keywords: "trafficking",
      }),
    },
    {
      path: "/issues/:slug",
      params: { slug: "victim-protection" },
      fields: (c) => ({ intent: "suggestions", decide: `accepted:${c.recommendationId}` }),
    },
    {
      path: "/issues/:slug",
      params: { slug: "victim-protection" },
      fields: (c) => ({ intent: "unlink", recommendationId: String(c.recommendationId) }),
    },
    { path: "/issues/:slug", params: { slug: "victim-protection" }, fields: () => ({ intent: "archive" }) },
  ],
  "assessments.bulk.tsx": [
    {
      path: "/assessments/bulk",
      fields: (c) => ({
        ids: String(c.recommendationId),
        status: "no_action",
        asOf: "2012-01-01",
        evidence: "bulk",
        sourceUrls: "",
        organisationId: String(c.orgId),
        formKey: "security-probe-form-key-0001",
      }),
    },
  ],
  "account.password.tsx": [
    {
      path: "/account/password",
      fields: () => ({
        currentPassword: "editor password 1",
        newPassword: "a new password 1",
        confirmPassword: "a new password 1",
      }),
    },
  ],
  "admin.users.tsx": [
    {
      path: "/admin/users",
      fields: () => ({
        intent: "create",
        email: "new.user@example.org",
        password: "a long password 1",
        role: "editor",
        organisationId: "new",
        newOrganisation: "A new organisation",
      }),
    },
    { path: "/admin/users", fields: (c) => ({ intent: "set-role", userId: String(c.editorId), role: "admin" }) },
  ],
  "admin.audit.tsx": [
    { path: "/admin/audit", fields: (c) => ({ intent: "restore-assessment", auditId: String(c.deletedAuditId) }) },
  ],
  "admin.sample.tsx": [{ path: "/admin/sample", fields: () => ({ intent: "load" }) }],
  "admin.imports.tsx": [{ path: "/admin/imports", fields: (c) => ({ importId: String(c.importId) }) }],
  // An admin corrects a review's dates (the seeded Kenya cycle-1 review is review 1).
  "reviews.$reviewId.tsx": [
    {
      path: "/reviews/:reviewId",
      params: { reviewId: "1" },
      fields: () => ({ reviewDate: "2010-05-07", adoptionDate: "2010-09-30" }),
    },
  ],
  // Listed before submissions.$id.tsx: the admin's create makes submission 1, which the next attempt adds an ask to.
  "submissions._index.tsx": [
    {
      path: "/submissions",
      fields: () => ({
        title: "Test submission (test data)",
        kind: "joint",
        state: "KEN",
        cycle: "1",
        organisations: "",
      }),
    },
  ],
  "submissions.$id.tsx": [
    {
      path: "/submissions/:id",
      params: { id: "1" },
      fields: () => ({ intent: "add-ask", text: "Test ask (test data)", issueId: "" }),
    },
  ],
  "calendar._index.tsx": [
    { path: "/calendar", fields: () => ({ state: "KEN", cycle: "5", kind: "submission", date: "2029-04-15" }) },
  ],
};

export function routeModulesWithAction(): string[] {
  return fs
    .readdirSync(ROUTES_DIR)
    .filter(
      (f) =>
        /\.tsx?$/.test(f) &&
        /export (async )?function action\b|export const action\b/.test(
          fs.readFileSync(path.join(ROUTES_DIR, f), "utf8"),
        ),
    );
}

/** The URL of an attempt, its :params filled in. */
export function attemptPath(attempt: Attempt, ctx: Ctx): { url: string; params: Record<string, string> } {
  const params: Record<string, string> = {
    ...(attempt.path.includes(":id") ? { id: String(ctx.recommendationId) } : {}),
    ...attempt.params,
  };
  return { url: Object.entries(params).reduce((u, [k, v]) => u.replace(`:${k}`, v), attempt.path), params };
}
