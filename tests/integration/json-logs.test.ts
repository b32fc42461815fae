// LOG_FORMAT=json (issue #28): the server's standard output is one JSON object a line, with a line per
// request (method, path, status, duration, request id), the request id sent back as X-Request-Id (a sane
// incoming one is kept); no e-mail address, password, cookie or set-up token in a request's line. The
// set-up address is printed once on purpose, as a JSON line too. The embedded database: no PostgreSQL.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildIfStale } from "../../bench/lib/assets";
import { type RunningApp, startApp } from "../helpers/app-server";

const ROOT = path.resolve(import.meta.dirname, "../..");
const SIGN_IN = { email: "nobody@json-logs.example", password: "json logs password 1" };

type Line = Record<string, unknown>;

describe("LOG_FORMAT=json", () => {
  let server: RunningApp;
  let lines: Line[] = [];
  let setupToken = "";
  const answers: { id: string | null; path: string }[] = [];

  beforeAll(async () => {
    const buildError = buildIfStale(ROOT);
    if (buildError) throw new Error(buildError);
    server = await startApp({ env: { LOG_FORMAT: "json" } });
    setupToken = /\/setup\?token=([\w-]+)/.exec(server.output())?.[1] ?? "";
    const send = async (address: string, init: RequestInit = {}) => {
      const res = await fetch(server.baseUrl + address, { redirect: "manual", ...init });
      await res.arrayBuffer();
      answers.push({ id: res.headers.get("X-Request-Id"), path: address });
      return res;
    };
    await send("/recommendations?q=trafficking", { headers: { "X-Request-Id": "proxy-id.42:abc" } });
    await send("/healthz", { headers: { "X-Request-Id": "not a sane id; DROP" } });
    await send(`/setup?token=${setupToken}`);
    await send("/login", {
      method: "POST",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        Origin: server.baseUrl,
        Cookie: "upr=secret-cookie",
      },
      body: new URLSearchParams(SIGN_IN),
    });
    await send("/no-such-page");
    const exited = server.exited;
    await server.stop();
    await exited;
    // Standard output and error, as the test helper collects them: every line that is not empty.
    const raw = server
      .output()
      .split("\n")
      .filter((l) => l.trim());
    lines = raw.map((l) => {
      try {
        return JSON.parse(l) as Line;
      } catch {
        throw new Error(`not a JSON line: ${l}`);
      }
    });
  }, 300_000);

  afterAll(async () => {
    await server?.stop();
  });

  it("every line is a JSON object with a level, a time and a message; start and stop are there", () => {
    expect(lines.length).toBeGreaterThan(5);
    for (const l of lines) {
      expect(typeof l.level).toBe("string");
      expect(new Date(String(l.time)).toISOString()).toBe(l.time);
      expect(typeof l.msg).toBe("string");
    }
    expect(lines.some((l) => String(l.msg).startsWith("UPR Monitor is serving http://127.0.0.1:"))).toBe(true);
    expect(lines.some((l) => l.msg === "stopped")).toBe(true);
    // The set-up address, printed for the administrator on purpose, once.
    expect(setupToken).toMatch(/^[\w-]{20,}$/);
    expect(lines.filter((l) => String(l.msg).includes(`/setup?token=${setupToken}`))).toHaveLength(1);
  });

  it("a line per request: method, path, status, milliseconds, the request id sent back as X-Request-Id", () => {
    const requests = lines.filter((l) => l.msg === "request");
    const paths = requests.map((l) => l.path);
    expect(paths).toContain("/recommendations?q=trafficking");
    const kept = requests.find((l) => l.path === "/recommendations?q=trafficking")!;
    expect(kept).toMatchObject({ method: "GET", status: 200, requestId: "proxy-id.42:abc" });
    expect(typeof kept.durationMs).toBe("number");
    expect(kept.durationMs as number).toBeGreaterThanOrEqual(0);
    expect(answers[0]!.id).toBe("proxy-id.42:abc");
    // An insane incoming id is replaced by a new one, the same in the header and the line.
    const health = requests.find((l) => l.path === "/healthz")!;
    expect(health.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(answers[1]!.id).toBe(health.requestId);
    expect(requests.find((l) => l.path === "/no-such-page")).toMatchObject({ status: 404 });
    const login = requests.find((l) => l.path === "/login")!;
    expect(login.method).toBe("POST");
    expect(answers[3]!.id).toBe(login.requestId);
    // Each request its own id.
    expect(new Set(answers.map((a) => a.id)).size).toBe(answers.length);
  });

  it("no e-mail address, password, cookie or set-up token in a request's line", () => {
    const requests = lines.filter((l) => l.msg === "request").map((l) => JSON.stringify(l));
    expect(requests.some((l) => l.includes("/setup?token=[redacted]"))).toBe(true);
    for (const l of requests) {
      expect(l).not.toContain(setupToken);
      expect(l).not.toContain(SIGN_IN.email);
      expect(l).not.toContain(SIGN_IN.password);
      expect(l).not.toContain("secret-cookie");
    }
    const everything = lines.map((l) => JSON.stringify(l)).join("\n");
    expect(everything).not.toContain(SIGN_IN.email);
    expect(everything).not.toContain(SIGN_IN.password);
  });
});
