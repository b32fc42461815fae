import { describe, expect, it } from "vitest";
import { loggedPath, requestId } from "../../server/log";

describe("what a request's log line holds", () => {
  it("keeps the path and query, with the values of parameters that may hold a secret redacted", () => {
    expect(loggedPath("/recommendations?q=trafficking&page=2")).toBe("/recommendations?q=trafficking&page=2");
    expect(loggedPath("/setup?token=abcDEF123")).toBe("/setup?token=[redacted]");
    expect(loggedPath("/x?email=a%40b.example&Password=p&apiKey=k&q=1")).toBe(
      "/x?email=[redacted]&Password=[redacted]&apiKey=[redacted]&q=1",
    );
    expect(loggedPath("/plain")).toBe("/plain");
  });
  it("keeps a sane incoming request id, else makes a new one", () => {
    expect(requestId("proxy-id.42:abc")).toBe("proxy-id.42:abc");
    for (const bad of [undefined, "", "has space", "a".repeat(129), "x\ny", ["a", "b"]]) {
      expect(requestId(bad)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    }
    expect(requestId(undefined)).not.toBe(requestId(undefined));
  });
});
