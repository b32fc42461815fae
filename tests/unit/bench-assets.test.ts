// Which scripts the /dashboard page loads, read from the build's manifests (npm run bench: dashboard_js_gzip_kb).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  pageJs,
  pageScripts,
  parseRemixManifest,
  withDynamicImports,
  type RemixManifest,
} from "../../bench/lib/assets";

const manifest: RemixManifest = {
  entry: { module: "/assets/entry.client-A.js", imports: ["/assets/jsx-runtime-B.js", "/assets/components-C.js"] },
  routes: {
    root: { id: "root", module: "/assets/root-D.js", imports: ["/assets/jsx-runtime-B.js", "/assets/components-C.js"] },
    "routes/dashboard._index": {
      id: "routes/dashboard._index",
      parentId: "root",
      module: "/assets/dashboard._index-E.js",
      imports: ["/assets/chart-F.js"],
    },
    "routes/login": { id: "routes/login", parentId: "root", module: "/assets/login-G.js", imports: [] },
  },
  url: "/assets/manifest-H.js",
};

describe("pageScripts", () => {
  it("entry and its imports, then each matched route from the root down, once each; no other route", () => {
    expect(pageScripts(manifest, "routes/dashboard._index")).toEqual([
      "/assets/entry.client-A.js",
      "/assets/jsx-runtime-B.js",
      "/assets/components-C.js",
      "/assets/root-D.js",
      "/assets/chart-F.js",
      "/assets/dashboard._index-E.js",
    ]);
  });
  it("an unknown route is an error", () => {
    expect(() => pageScripts(manifest, "routes/nothing")).toThrow(/no route/);
  });
});

describe("parseRemixManifest", () => {
  it("reads window.__remixManifest={...}; as the client build writes it", () => {
    expect(parseRemixManifest(`window.__remixManifest=${JSON.stringify(manifest)};`)).toEqual(manifest);
    expect(() => parseRemixManifest("export default {}")).toThrow();
  });
});

describe("withDynamicImports", () => {
  it("adds chunks loaded by import() and what those chunks import", () => {
    const vite = {
      "app/routes/dashboard._index.tsx": { file: "assets/dashboard._index-E.js", dynamicImports: ["app/lazy.tsx"] },
      "app/lazy.tsx": { file: "assets/lazy-X.js", imports: ["_shared.js"] },
      "_shared.js": { file: "assets/shared-Y.js" },
    };
    expect(withDynamicImports(["/assets/dashboard._index-E.js"], vite)).toEqual([
      "/assets/dashboard._index-E.js",
      "/assets/lazy-X.js",
      "/assets/shared-Y.js",
    ]);
  });
});

describe("pageJs", () => {
  it("adds up the sizes and gzipped sizes of the files", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "upr-assets-"));
    try {
      fs.mkdirSync(path.join(dir, "assets"));
      fs.writeFileSync(path.join(dir, "assets/manifest-H.js"), `window.__remixManifest=${JSON.stringify(manifest)};`);
      for (const url of pageScripts(manifest, "routes/dashboard._index"))
        fs.writeFileSync(path.join(dir, url), `console.log(${JSON.stringify(url)});`.repeat(50));
      const js = pageJs(dir, "routes/dashboard._index");
      expect(js.files).toHaveLength(6);
      expect(js.bytes).toBe(js.files.reduce((a, f) => a + fs.statSync(path.join(dir, f.url)).size, 0));
      expect(js.gzipBytes).toBeLessThan(js.bytes);
      expect(js.gzipBytes).toBeGreaterThan(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
