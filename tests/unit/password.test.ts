import { describe, expect, it } from "vitest";
import { hashPassword, needsRehash, verifyAgainstDummy, verifyPassword } from "../../app/lib/password.server";

// scrypt is meant to be slow: a few hashes take well under a second idle, over 5 s on a loaded machine.
describe("password hashing (scrypt)", { timeout: 30_000 }, () => {
  it("verifies the right password and refuses a wrong one", async () => {
    const hash = await hashPassword("correct horse battery staple");
    expect(hash).toMatch(/^scrypt\$32768\$8\$3\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(hash).not.toContain("correct horse");
    expect(await verifyPassword("correct horse battery staple", hash)).toBe(true);
    expect(await verifyPassword("correct horse battery stapl", hash)).toBe(false);
    expect(await verifyPassword("", hash)).toBe(false);
  });

  it("salts every hash", async () => {
    const [a, b] = await Promise.all([hashPassword("same password 123"), hashPassword("same password 123")]);
    expect(a).not.toBe(b);
    expect(await verifyPassword("same password 123", b)).toBe(true);
  });

  it("treats composed and decomposed accents as the same password", async () => {
    const hash = await hashPassword("mot de passe \u00e9t\u00e9");
    expect(await verifyPassword("mot de passe e\u0301te\u0301", hash)).toBe(true);
  });

  it("answers false, without throwing, for malformed or hostile stored hashes", async () => {
    for (const stored of [
      "",
      "plain",
      "bcrypt$2b$10$abc",
      "scrypt$32768$8$3$c2FsdA==",
      "scrypt$1000$8$1$c2FsdHNhbHQ=$a2V5",
      "scrypt$1073741824$8$1$c2FsdHNhbHRzYWx0$" + "A".repeat(88),
    ]) {
      expect(await verifyPassword("anything at all", stored)).toBe(false);
      expect(needsRehash(stored)).toBe(true);
    }
  });

  it("knows when a hash was made with other parameters", async () => {
    const hash = await hashPassword("a password of some length");
    expect(needsRehash(hash)).toBe(false);
    const cheaper = hash.replace("$32768$8$3$", "$16384$8$1$");
    expect(needsRehash(cheaper)).toBe(true);
  });

  it("spends a verification on unknown accounts and answers false", async () => {
    expect(await verifyAgainstDummy("whatever password")).toBe(false);
  });
});
