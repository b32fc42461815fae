import { describe, expect, it } from "vitest";
import { tFor } from "~/i18n/catalogues.server";
import { type AuditFacts, auditQueryString, describeAudit as describeIn, parseAuditQuery } from "~/lib/audit-sentence";

const EN = { t: tFor("en"), lng: "en" as const };
const describeAudit = (f: AuditFacts) => describeIn(f, EN);

const rec = { id: 7, paragraph: "101.3", stateName: "Kenya", cycle: 1 };
const facts = (over: Partial<AuditFacts>): AuditFacts => ({
  action: "assessment.created",
  entity: "assessment",
  entityId: "12",
  before: null,
  after: { id: 12, recommendation_id: 7, organisation_id: 3, status: "in_progress", as_of: "2026-10-01" },
  actor: "Jane Test (test data)",
  recommendation: rec,
  organisation: "Stop the Traffik Kenya",
  previousStatus: "not_assessed",
  issueTitle: null,
  ...over,
});

describe("the audit log in words", () => {
  it("says it in the reader's language: French words and dates, the data as stored", () => {
    const fr = describeIn(facts({ previousStatus: "no_action" }), { t: tFor("fr"), lng: "fr" });
    expect(fr.text).toBe(
      "101.3 (Kenya, cycle 1) : Peu ou pas d’action connue → En cours de mise en œuvre, au 1 octobre 2026, Stop the Traffik Kenya, par Jane Test (test data)",
    );
  });

  it("names an action with no sentence of its own in the reader's words, else by its code's words", () => {
    const fr = { t: tFor("fr"), lng: "fr" as const };
    const uptake = describeIn(facts({ action: "submission.uptake_searched", entity: "submission" }), fr);
    expect(uptake.text).toContain("reprise des demandes recherchée");
    expect(describeIn(facts({ action: "something.new_here", entity: "submission" }), fr).text).toContain(
      "something new here",
    );
  });

  it("says a new assessment as the issue asks, linked to the recommendation", () => {
    expect(describeAudit(facts({}))).toEqual({
      text: "101.3 (Kenya, cycle 1): Not assessed → In the process of implementation, as of 1 October 2026, Stop the Traffik Kenya, by Jane Test (test data)",
      href: "/recommendations/7",
    });
  });

  it("starts from the status before (an earlier assessment), and names the system when no person did it", () => {
    const s = describeAudit(facts({ previousStatus: "no_action", actor: null }));
    expect(s.text).toBe(
      "101.3 (Kenya, cycle 1): Little or no known action → In the process of implementation, as of 1 October 2026, Stop the Traffik Kenya, by the system",
    );
  });

  it("says a correction: the status change, or what else was corrected", () => {
    const before = { id: 12, recommendation_id: 7, status: "in_progress", as_of: "2026-10-01", evidence: "a" };
    const changed = describeAudit(
      facts({ action: "assessment.updated", before, after: { ...before, status: "partially_implemented" } }),
    );
    expect(changed.text).toMatch(
      /^101\.3 \(Kenya, cycle 1\): In the process of implementation → Partially implemented, as of/,
    );
    const evidence = describeAudit(
      facts({ action: "assessment.updated", before, after: { ...before, evidence: "b" } }),
    );
    expect(evidence.text).toMatch(/: In the process of implementation \(corrected: evidence\), as of 1 October 2026/);
  });

  it("says deletions, bulk saves and restores", () => {
    const row = { id: 12, recommendation_id: 7, status: "no_action", as_of: "2012-01-01" };
    expect(describeAudit(facts({ action: "assessment.deleted", before: row, after: null })).text).toMatch(
      /^101\.3 \(Kenya, cycle 1\): the assessment "Little or no known action" was deleted, as of 1 January 2012/,
    );
    expect(describeAudit(facts({ after: { ...row, bulk: true } })).text).toMatch(/\(one of many assessed at once\)$/);
    expect(describeAudit(facts({ action: "assessment.restored", after: row })).text).toMatch(
      /\(a deleted assessment restored\)$/,
    );
  });

  it("names links, users and sample data in words, never table names", () => {
    const link = describeAudit(
      facts({
        action: "recommendation_issue.linked",
        entity: "recommendation_issue",
        entityId: "7:2",
        after: { recommendation_id: 7, issue_id: 2 },
        issueTitle: "Victim protection",
      }),
    );
    expect(link).toEqual({
      text: "101.3 (Kenya, cycle 1) linked to “Victim protection”, by Jane Test (test data)",
      href: "/recommendations/7",
    });
    const user = describeAudit(
      facts({
        action: "user.created",
        entity: "app_user",
        recommendation: null,
        after: {
          email: "e@example.org",
          displayName: null,
          role: "editor",
          organisationName: "Stop the Traffik Kenya",
        },
      }),
    );
    expect(user.text).toBe("User e@example.org added as editor of Stop the Traffik Kenya, by Jane Test (test data)");
    const sample = describeAudit(
      facts({
        action: "sample.added",
        entity: "sample_data",
        recommendation: null,
        after: { assessments: 1, links: 8 },
      }),
    );
    expect(sample.text).toBe("Sample data loaded: 1 assessment and 8 issue links, by Jane Test (test data)");
    const withAsks = describeAudit(
      facts({
        action: "sample.removed",
        entity: "sample_data",
        recommendation: null,
        before: { assessments: 2, links: 1, asks: 4 },
      }),
    );
    expect(withAsks.text).toBe(
      "Sample data removed: 2 assessments, 1 issue link and 4 sample asks, by Jane Test (test data)",
    );
    for (const s of [link, user, sample]) expect(s.text).not.toMatch(/app_user|recommendation_issue|sample_data/);
  });

  it("reads the filter from the address, dropping what it does not understand", () => {
    const q = parseAuditQuery(
      new URLSearchParams("topic=assessments&who=3&from=2026-10-01&to=2026-02-30&recommendation=x&page=2"),
    );
    expect(q).toEqual({ page: 2, topic: "assessments", who: 3, from: "2026-10-01" });
    expect(parseAuditQuery(new URLSearchParams("who=system&topic=app_user")).who).toBe("system");
    expect(parseAuditQuery(new URLSearchParams("topic=app_user")).topic).toBeUndefined();
    expect(auditQueryString(q, 3)).toBe("topic=assessments&who=3&from=2026-10-01&page=3");
  });
});
