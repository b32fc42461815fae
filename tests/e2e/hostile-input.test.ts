// A stranger cannot freeze or swell the server (issue #25): every hostile file and request of
// bench/lib/hostile-probes.ts is sent to the real server (`npm start`'s script) while a reader asks
// for the home page every 250 ms. For each: the reader's pages arrive within 2 s, the server's memory
// grows by at most 300 MB, the attacker gets a clear answer within 30 s and never a 500, and the
// server is still serving afterwards. On the embedded engine every probe; on PostgreSQL the imports.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signIn } from "../../bench/lib/editors";
import { PROBES, runProbe } from "../../bench/lib/hostile-probes";
import { newAppDatabase, type RunningApp, runProjectScript, startApp } from "../helpers/app-server";
import { enginesUnderTest } from "../helpers/test-db";

const EDITOR = { email: "editor@hostile.example", password: "editor password 12" };

for (const engine of enginesUnderTest()) {
  describe(`hostile input [${engine}]`, () => {
    let app: RunningApp;
    let cookie = "";
    let dropDb = async () => {};

    beforeAll(async () => {
      const db = await newAppDatabase(engine, { USER_PASSWORD: EDITOR.password });
      dropDb = db.drop;
      await runProjectScript(db.env, "scripts/user-create.ts", [
        "--email",
        EDITOR.email,
        "--org",
        "Hostile test",
        "--role",
        "editor",
      ]);
      app = await startApp(db.start);
      cookie = await signIn(app.baseUrl, EDITOR);
    });

    afterAll(async () => {
      await app?.stop();
      await dropDb();
    });

    const probes = PROBES.filter((p) => engine === "pglite" || p.importing);
    for (const probe of probes) {
      it(probe.name, async () => {
        const run = await runProbe(app.baseUrl, app.pid, probe, probe.kind === "editor" ? cookie : null);
        const { answer } = run;
        expect(answer.status, answer.text.slice(0, 500)).not.toBe(500);
        expect(probe.expect.status).toContain(answer.status);
        if (probe.expect.text) expect(answer.text).toMatch(probe.expect.text);
        expect(answer.ms).toBeLessThan(30_000);
        expect(run.readerMs.length).toBeGreaterThanOrEqual(2);
        expect(run.readerErrors).toEqual([]);
        expect(Math.max(...run.readerMs), `reader times: ${run.readerMs.map(Math.round).join(", ")}`).toBeLessThan(
          2_000,
        );
        expect(run.rssPeakMb - run.rssBeforeMb).toBeLessThan(300);
        // Still the same server, still serving.
        const after = await fetch(app.baseUrl + "/");
        expect(after.status).toBe(200);
        expect(app.output()).not.toMatch(/exited|FATAL|heap out of memory/i);
      });
    }
  });
}
