// Coalition issues: creating, renaming, archiving; linking and unlinking recommendations (idempotent,
// audited per link, in bulk); suggestions ranked on Kenya's real cycle-1 recommendations; decisions.
import { beforeAll, describe, expect, it } from "vitest";
import { seed, SEED_ISSUE_KEYWORDS } from "~/models/seed.server";
import { IssueFields, NewIssueFields } from "~/lib/issue-input";
import type { Actor } from "~/models/assessments.server";
import { decideSuggestion, decideSuggestions, suggestionsForIssue } from "~/models/issue-suggestions.server";
import {
  archiveIssue,
  createIssue,
  getIssueBySlug,
  linkRecommendations,
  listIssues,
  listIssuesForRecommendation,
  unarchiveIssue,
  unlinkRecommendations,
  updateIssue,
} from "~/models/issues.server";
import { describeEachEngine } from "../helpers/test-db";

/** Kenya's cycle-1 paragraphs that mention trafficking (grep -i traffick seed-data/kenya-cycle1-recommendations.csv). */
const TRAFFICKING = ["101.47", "101.59"];

describeEachEngine("coalition issues", (t) => {
  let editor: Actor;
  let other: Actor;
  const rec = new Map<string, number>();
  const issueId = new Map<string, number>();

  const auditFor = (entity: string) =>
    t.db
      .selectFrom("audit_log")
      .select(["action", "entity_id", "user_id", "before", "after"])
      .where("entity", "=", entity)
      .orderBy("id")
      .execute();

  beforeAll(async () => {
    await seed(t.db);
    const org = (
      await t.db
        .insertInto("organisation")
        .values({ name: "Stop the Traffik Kenya" })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
    const mk = async (email: string) =>
      ({
        id: (
          await t.db
            .insertInto("app_user")
            .values({ email, role: "editor", organisation_id: org, password_hash: "x", display_name: null })
            .returning("id")
            .executeTakeFirstOrThrow()
        ).id,
        role: "editor",
      }) as Actor;
    editor = await mk("editor@example.org");
    other = await mk("other@example.org");
    for (const r of await t.db.selectFrom("recommendation").select(["id", "paragraph"]).execute())
      rec.set(r.paragraph!, r.id);
    for (const i of await t.db.selectFrom("coalition_issue").select(["id", "slug"]).execute())
      issueId.set(i.slug, i.id);
  });

  describe("issues", () => {
    it("the seed gives the seven issues their keywords", async () => {
      const issues = await listIssues(t.db);
      expect(issues).toHaveLength(7);
      for (const i of issues) expect(i.keywords).toEqual(SEED_ISSUE_KEYWORDS[i.slug]);
    });

    it("creates an issue with an address made from its title, unique, audited", async () => {
      const fields = NewIssueFields.parse({
        title: "Child trafficking for domestic work",
        description: "Children trafficked into domestic servitude.",
        keywords: "trafficking, child labour, domestic work, Trafficking",
      });
      expect(fields.keywords).toEqual(["trafficking", "child labour", "domestic work"]);
      const first = await createIssue(t.db, editor, fields);
      expect(first).toEqual({
        ok: true,
        issue: { id: expect.any(Number), slug: "child-trafficking-for-domestic-work" },
      });
      const second = await createIssue(t.db, editor, fields);
      expect(second).toMatchObject({ ok: true, issue: { slug: "child-trafficking-for-domestic-work-2" } });
      const log = await auditFor("coalition_issue");
      expect(log.filter((e) => e.action === "coalition_issue.created")).toHaveLength(2);
      expect(log.at(-1)).toMatchObject({
        user_id: editor.id,
        after: {
          title: "Child trafficking for domestic work",
          keywords: ["trafficking", "child labour", "domestic work"],
        },
      });
    });

    it("refuses an address that is taken, or malformed, writing nothing", async () => {
      const before = (await listIssues(t.db)).length;
      expect(
        await createIssue(t.db, editor, NewIssueFields.parse({ title: "Another", slug: "victim-protection" })),
      ).toEqual({ ok: false, kind: "invalid", fieldErrors: { slug: expect.stringContaining("already") } });
      expect(NewIssueFields.safeParse({ title: "x", slug: "Not a slug!" }).success).toBe(false);
      expect(NewIssueFields.safeParse({ title: "   " }).success).toBe(false);
      expect((await listIssues(t.db)).length).toBe(before);
    });

    it("renames, describes and sets keywords; the address stays; no change, no audit entry", async () => {
      const id = issueId.get("trafficking-data")!;
      const fields = IssueFields.parse({
        title: "No credible data on trafficking",
        description: "Nobody counts the cases.",
        keywords: "trafficking, data, statistics, indicators",
      });
      expect(await updateIssue(t.db, editor, id, fields)).toEqual({ ok: true, changed: true });
      const issue = await getIssueBySlug(t.db, "trafficking-data");
      expect(issue).toMatchObject({
        title: "No credible data on trafficking",
        description: "Nobody counts the cases.",
        keywords: ["trafficking", "data", "statistics", "indicators"],
      });
      const count = (await auditFor("coalition_issue")).length;
      expect(await updateIssue(t.db, editor, id, fields)).toEqual({ ok: true, changed: false });
      expect((await auditFor("coalition_issue")).length).toBe(count);
      const last = (await auditFor("coalition_issue")).at(-1)!;
      expect(last).toMatchObject({
        action: "coalition_issue.updated",
        before: { title: "Lack of consolidated and credible data and information on trafficking in Kenya" },
        after: { title: "No credible data on trafficking" },
      });
      expect(await updateIssue(t.db, editor, 9_999_999, fields)).toEqual({ ok: false, kind: "not_found" });
    });

    it("archives: links stay, no new links, no suggestions; unarchives", async () => {
      const id = issueId.get("ctip-secretariat-anchorage")!;
      expect(await linkRecommendations(t.db, editor, id, [rec.get("101.47")!])).toMatchObject({ ok: true, linked: 1 });
      expect(await archiveIssue(t.db, editor, id)).toEqual({ ok: true, changed: true });
      expect(await archiveIssue(t.db, editor, id)).toEqual({ ok: true, changed: false });
      expect((await getIssueBySlug(t.db, "ctip-secretariat-anchorage"))!.archivedAt).not.toBeNull();
      expect(await linkRecommendations(t.db, editor, id, [rec.get("101.59")!])).toEqual({
        ok: false,
        kind: "archived",
      });
      expect(await decideSuggestion(t.db, editor, id, rec.get("101.59")!, "accepted")).toEqual({
        ok: false,
        kind: "archived",
      });
      expect(await suggestionsForIssue(t.db, id)).toEqual([]);
      expect(
        (await getIssueBySlug(t.db, "ctip-secretariat-anchorage"))!.recommendations.map((r) => r.paragraph),
      ).toEqual(["101.47"]);
      const listed = await listIssues(t.db);
      expect(listed.at(-1)).toMatchObject({
        slug: "ctip-secretariat-anchorage",
        archived: true,
        linkedRecommendations: 1,
      });
      expect(await unarchiveIssue(t.db, editor, id)).toEqual({ ok: true, changed: true });
      expect((await auditFor("coalition_issue")).slice(-2).map((e) => e.action)).toEqual([
        "coalition_issue.archived",
        "coalition_issue.unarchived",
      ]);
    });
  });

  describe("links", () => {
    it("links idempotently: who and when are recorded once, one audit entry per new link", async () => {
      const id = issueId.get("victim-protection")!;
      const [a, b, c] = ["101.48", "101.50", "101.60"].map((p) => rec.get(p)!);
      const before = (await auditFor("recommendation_issue")).length;
      expect(await linkRecommendations(t.db, editor, id, [a, b, a])).toEqual({ ok: true, linked: 2, alreadyLinked: 0 });
      expect(await linkRecommendations(t.db, other, id, [a, b, c])).toEqual({ ok: true, linked: 1, alreadyLinked: 2 });
      const log = (await auditFor("recommendation_issue")).slice(before);
      expect(log.map((e) => [e.action, e.entity_id, e.user_id])).toEqual([
        ["recommendation_issue.linked", `${a}:${id}`, editor.id],
        ["recommendation_issue.linked", `${b}:${id}`, editor.id],
        ["recommendation_issue.linked", `${c}:${id}`, other.id],
      ]);
      const issue = (await getIssueBySlug(t.db, "victim-protection"))!;
      expect(issue.recommendations.map((r) => [r.paragraph, r.linkedBy])).toEqual([
        ["101.48", "editor@example.org"],
        ["101.50", "editor@example.org"],
        ["101.60", "other@example.org"],
      ]);
      expect(issue.recommendations[0]).toMatchObject({
        stateName: "Kenya",
        cycle: 1,
        response: "supported",
        currentStatus: "not_assessed",
        text: expect.stringContaining("gender-based violence"),
      });
    });

    it("unlinks idempotently, audited with the link as it was", async () => {
      const id = issueId.get("victim-protection")!;
      const [a, d] = [rec.get("101.48")!, rec.get("101.1")!];
      expect(await unlinkRecommendations(t.db, other, id, [a, d])).toEqual({ ok: true, unlinked: 1, notLinked: 1 });
      expect(await unlinkRecommendations(t.db, other, id, [a])).toEqual({ ok: true, unlinked: 0, notLinked: 1 });
      const last = (await auditFor("recommendation_issue")).at(-1)!;
      expect(last).toMatchObject({
        action: "recommendation_issue.unlinked",
        entity_id: `${a}:${id}`,
        user_id: other.id,
        before: { recommendation_id: a, issue_id: id, created_by: editor.id },
        after: null,
      });
    });

    it("all or nothing: an unknown recommendation or issue writes nothing", async () => {
      const id = issueId.get("victim-protection")!;
      const count = (await auditFor("recommendation_issue")).length;
      expect(await linkRecommendations(t.db, editor, id, [rec.get("101.2")!, 9_999_999])).toEqual({
        ok: false,
        kind: "not_found",
      });
      expect(await linkRecommendations(t.db, editor, 9_999_999, [rec.get("101.2")!])).toEqual({
        ok: false,
        kind: "not_found",
      });
      expect(await unlinkRecommendations(t.db, editor, id, [9_999_999])).toEqual({ ok: false, kind: "not_found" });
      expect((await auditFor("recommendation_issue")).length).toBe(count);
      expect((await getIssueBySlug(t.db, "victim-protection"))!.recommendations.map((r) => r.paragraph)).not.toContain(
        "101.2",
      );
    });

    it("links in bulk, from a filtered list (all of cycle 1's 102.x paragraphs)", async () => {
      const id = issueId.get("legal-policy-frameworks")!;
      const ids = [...rec].filter(([p]) => p.startsWith("102.")).map(([, i]) => i);
      expect(ids).toHaveLength(15);
      expect(await linkRecommendations(t.db, editor, id, ids)).toEqual({ ok: true, linked: 15, alreadyLinked: 0 });
      expect(await linkRecommendations(t.db, editor, id, ids)).toEqual({ ok: true, linked: 0, alreadyLinked: 15 });
      const issue = (await getIssueBySlug(t.db, "legal-policy-frameworks"))!;
      expect(issue.recommendations.map((r) => r.paragraph)).toEqual(
        Array.from({ length: 15 }, (_, i) => `102.${i + 1}`),
      );
      expect((await listIssues(t.db)).find((i) => i.id === id)).toMatchObject({
        linkedRecommendations: 15,
        byStatus: { not_assessed: 15 },
      });
      expect(await unlinkRecommendations(t.db, editor, id, ids)).toEqual({ ok: true, unlinked: 15, notLinked: 0 });
    });

    it("the recommendation page's choices say which issues it is linked to", async () => {
      const choices = await listIssuesForRecommendation(t.db, rec.get("101.50")!);
      expect(choices.filter((c) => c.linked).map((c) => c.slug)).toEqual(["victim-protection"]);
      expect(choices).toHaveLength((await listIssues(t.db)).length);
    });
  });

  describe("suggestions on Kenya's cycle 1", () => {
    it.each(Object.keys(SEED_ISSUE_KEYWORDS))("%s: the recommendations on trafficking come first", async (slug) => {
      const id = issueId.get(slug)!;
      const linked = new Set((await getIssueBySlug(t.db, slug))!.recommendations.map((r) => r.paragraph));
      const suggestions = await suggestionsForIssue(t.db, id, { limit: 10 });
      const expected = TRAFFICKING.filter((p) => !linked.has(p));
      expect(new Set(suggestions.slice(0, expected.length).map((s) => s.paragraph))).toEqual(new Set(expected));
      for (const s of suggestions.slice(0, expected.length)) expect(s.matched).toContain("trafficking");
      // Best first, each explained by what it matched.
      expect(suggestions.map((s) => s.score)).toEqual([...suggestions.map((s) => s.score)].sort((x, y) => y - x));
      expect(suggestions.every((s) => s.matched.length > 0)).toBe(true);
    });

    it("after the trafficking recommendations come those matching the issue's other keywords", async () => {
      const paragraphs = (await suggestionsForIssue(t.db, issueId.get("trust-fund-delay")!, { limit: 50 })).map(
        (s) => s.paragraph,
      );
      expect(paragraphs.slice(0, 2).sort()).toEqual(TRAFFICKING);
      const root = (await suggestionsForIssue(t.db, issueId.get("root-causes")!, { limit: 10 })).map(
        (s) => s.paragraph,
      );
      // After trafficking: the migrant workers convention (101.1) and poverty.
      expect(root.slice(2, 4).sort()).toEqual(["101.1", "102.8"]);
      expect(root).toContain("101.98");
    });

    it("an issue with no keywords gets suggestions from its title alone; none when nothing matches", async () => {
      const created = await createIssue(t.db, editor, NewIssueFields.parse({ title: "Female genital mutilation" }));
      if (!created.ok) throw new Error("create");
      const s = await suggestionsForIssue(t.db, created.issue.id, { limit: 20 });
      expect(s.map((x) => x.paragraph).sort()).toEqual([
        "101.51",
        "101.52",
        "101.53",
        "101.54",
        "101.55",
        "101.56",
        "101.57",
      ]);
      const none = await createIssue(t.db, editor, NewIssueFields.parse({ title: "Zzyzx", keywords: "qwertyuiop" }));
      if (!none.ok) throw new Error("create");
      expect(await suggestionsForIssue(t.db, none.issue.id)).toEqual([]);
    });

    it("an accepted suggestion becomes a link (audited twice: decision and link) and is no longer suggested", async () => {
      const id = issueId.get("victim-protection")!;
      const target = rec.get("101.59")!;
      expect(await decideSuggestion(t.db, editor, id, target, "accepted")).toEqual({ ok: true, linked: true });
      expect((await getIssueBySlug(t.db, "victim-protection"))!.recommendations.map((r) => r.id)).toContain(target);
      expect((await suggestionsForIssue(t.db, id, { limit: 200 })).map((s) => s.id)).not.toContain(target);
      const decisions = await auditFor("issue_suggestion_decision");
      expect(decisions.at(-1)).toMatchObject({
        action: "issue_suggestion.accepted",
        entity_id: `${id}:${target}`,
        user_id: editor.id,
        after: { decision: "accepted" },
      });
      expect((await auditFor("recommendation_issue")).at(-1)).toMatchObject({
        action: "recommendation_issue.linked",
        entity_id: `${target}:${id}`,
        after: { fromSuggestion: true },
      });
    });

    it("a rejected suggestion never comes back, whatever the keywords become", async () => {
      const id = issueId.get("victim-protection")!;
      const target = rec.get("101.47")!;
      expect((await suggestionsForIssue(t.db, id, { limit: 1 }))[0]!.id).toBe(target);
      expect(await decideSuggestion(t.db, other, id, target, "rejected")).toEqual({ ok: true, linked: false });
      expect((await suggestionsForIssue(t.db, id, { limit: 200 })).map((s) => s.id)).not.toContain(target);
      await updateIssue(
        t.db,
        editor,
        id,
        IssueFields.parse({
          title: "Inadequate protection services for victims of trafficking",
          keywords: "trafficking, impunity, women and girls, trafficking in women",
        }),
      );
      expect((await suggestionsForIssue(t.db, id, { limit: 200 })).map((s) => s.id)).not.toContain(target);
      // Still suggested for the other issues.
      expect(
        (await suggestionsForIssue(t.db, issueId.get("trust-fund-delay")!, { limit: 2 })).map((s) => s.id),
      ).toContain(target);
      const row = await t.db
        .selectFrom("issue_suggestion_decision")
        .selectAll()
        .where("issue_id", "=", id)
        .where("recommendation_id", "=", target)
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({ decision: "rejected", decided_by: other.id });
    });

    it("rejecting a recommendation that is linked is refused (unlink it instead)", async () => {
      const id = issueId.get("victim-protection")!;
      expect(await decideSuggestion(t.db, editor, id, rec.get("101.59")!, "rejected")).toEqual({
        ok: false,
        kind: "already_linked",
      });
      expect(await decideSuggestion(t.db, editor, id, 9_999_999, "rejected")).toEqual({ ok: false, kind: "not_found" });
    });

    it("decides several at once, all or nothing", async () => {
      const id = issueId.get("root-causes")!;
      const top = (await suggestionsForIssue(t.db, id, { limit: 4 })).map((s) => s.id);
      expect(await decideSuggestions(t.db, editor, id, [...top, 9_999_999], "accepted")).toEqual({
        ok: false,
        kind: "not_found",
      });
      expect((await getIssueBySlug(t.db, "root-causes"))!.recommendations).toHaveLength(0);
      expect(await decideSuggestions(t.db, editor, id, top, "accepted")).toEqual({
        ok: true,
        decided: 4,
        linked: 4,
        skippedLinked: 0,
      });
      expect((await getIssueBySlug(t.db, "root-causes"))!.recommendations.map((r) => r.id).sort()).toEqual(
        [...top].sort(),
      );
      const next = (await suggestionsForIssue(t.db, id, { limit: 3 })).map((s) => s.id);
      expect(next.some((x) => top.includes(x))).toBe(false);
      expect(await decideSuggestions(t.db, editor, id, [...next, top[0]!], "rejected")).toEqual({
        ok: true,
        decided: 3,
        linked: 0,
        skippedLinked: 1,
      });
      const left = (await suggestionsForIssue(t.db, id, { limit: 200 })).map((s) => s.id);
      expect(left.some((x) => next.includes(x) || top.includes(x))).toBe(false);
    });

    it("only suggests recommendations of the state asked for", async () => {
      const kenya = (await t.db.selectFrom("state").select("id").where("iso3", "=", "KEN").executeTakeFirstOrThrow())
        .id;
      const uganda =
        (await t.db.selectFrom("state").select("id").where("iso3", "=", "UGA").executeTakeFirst())?.id ?? -1;
      expect(
        (await suggestionsForIssue(t.db, issueId.get("trust-fund-delay")!, { stateId: kenya })).length,
      ).toBeGreaterThan(0);
      expect(await suggestionsForIssue(t.db, issueId.get("trust-fund-delay")!, { stateId: uganda })).toEqual([]);
    });
  });
});
