// The door of server/admission.ts on a real Express server: at most `limit` reads in progress, the
// others in arrival order; writes and exempt paths never wait; a request given up while waiting is
// never made.
import type { AddressInfo } from "node:net";
import express from "express";
import { afterEach, describe, expect, it } from "vitest";
import { admission } from "../../server/admission";

interface Door {
  url: string;
  /** Paths in the order the handler started them, and the most in progress at once. */
  started: string[];
  peak: () => number;
  /** Ends the oldest request in progress. */
  finishOne: () => void;
  inProgress: () => number;
  close: () => Promise<void>;
}

const open: Door[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((d) => d.close()));
});

async function door(limit: number, exempt?: (path: string) => boolean): Promise<Door> {
  const app = express();
  app.use(admission(limit, exempt));
  const started: string[] = [];
  const pending: (() => void)[] = [];
  let peak = 0;
  app.all("*", (req, res) => {
    started.push(`${req.method} ${req.path}`);
    pending.push(() => res.send("ok"));
    peak = Math.max(peak, pending.length);
  });
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const d: Door = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    started,
    peak: () => peak,
    finishOne: () => pending.shift()!(),
    inProgress: () => pending.length,
    close: () =>
      new Promise((resolve) => {
        while (pending.length) pending.shift()!();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  open.push(d);
  return d;
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
};

describe("admission", () => {
  it("makes at most `limit` reads at once, the others in arrival order", async () => {
    const d = await door(2);
    const answers: Promise<Response>[] = [];
    for (const p of ["/a", "/b", "/c", "/d", "/e"]) {
      answers.push(fetch(`${d.url}${p}`));
      await new Promise((r) => setTimeout(r, 20)); // one after another, so they arrive in this order
    }
    expect(d.started).toEqual(["GET /a", "GET /b"]);
    for (let i = 0; i < 3; i++) {
      d.finishOne();
      await until(() => d.started.length === 3 + i);
    }
    expect(d.started).toEqual(["GET /a", "GET /b", "GET /c", "GET /d", "GET /e"]);
    while (d.inProgress()) d.finishOne();
    expect((await Promise.all(answers)).map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(d.peak()).toBe(2);
  });

  it("lets writes and exempt paths past a full door", async () => {
    const d = await door(1, (p) => p.endsWith(".csv"));
    const first = fetch(`${d.url}/page`);
    await until(() => d.started.length === 1);
    const write = fetch(`${d.url}/save`, { method: "POST" });
    const download = fetch(`${d.url}/export.csv`);
    await until(() => d.started.length === 3);
    expect(d.started).toEqual(["GET /page", "POST /save", "GET /export.csv"]);
    while (d.inProgress()) d.finishOne();
    await Promise.all([first, write, download]);
  });

  it("never makes a read whose client gave up while it waited", async () => {
    const d = await door(1);
    const first = fetch(`${d.url}/first`);
    await until(() => d.started.length === 1);
    const gone = new AbortController();
    const abandoned = fetch(`${d.url}/abandoned`, { signal: gone.signal }).catch(() => "aborted");
    await new Promise((r) => setTimeout(r, 50));
    gone.abort();
    expect(await abandoned).toBe("aborted");
    await new Promise((r) => setTimeout(r, 50));
    const next = fetch(`${d.url}/next`);
    await new Promise((r) => setTimeout(r, 50));
    d.finishOne();
    await until(() => d.started.length === 2);
    expect(d.started).toEqual(["GET /first", "GET /next"]);
    d.finishOne();
    expect((await first).status).toBe(200);
    expect((await next).status).toBe(200);
  });
});
