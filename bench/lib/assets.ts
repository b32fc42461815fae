// The JavaScript a page of the built app loads, and its gzipped size (npm run bench:
// dashboard_js_gzip_kb). Read from the Remix assets manifest of the client build
// (build/client/assets/manifest-*.js, `window.__remixManifest={...}`): the page's <Scripts> preload
// the entry module and its imports, and each matched route's module and imports (root first). With
// lazy route discovery on (vite.config.ts), the manifest file itself is not loaded by the page.
// Dynamic imports of those chunks (from Vite's manifest, build/client/.vite/manifest.json, when there)
// are counted too, since the page would fetch them as it renders.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";

export interface RemixManifest {
  entry: { module: string; imports: string[] };
  routes: Record<string, { id: string; parentId?: string; module: string; imports?: string[] }>;
  url: string;
}

/** The manifest object of a `manifest-*.js` file of the client build. */
export function parseRemixManifest(text: string): RemixManifest {
  const start = text.indexOf("{");
  const end = text.lastIndexOf("}");
  if (!text.includes("__remixManifest") || start < 0 || end < start) throw new Error("not a Remix assets manifest");
  return JSON.parse(text.slice(start, end + 1)) as RemixManifest;
}

/** The URLs of the scripts a page whose deepest matched route is `routeId` loads, in order, once each. */
export function pageScripts(manifest: RemixManifest, routeId: string): string[] {
  const chain: string[] = [];
  for (let id: string | undefined = routeId; id; id = manifest.routes[id]?.parentId) {
    if (!manifest.routes[id]) throw new Error(`the manifest has no route ${id}`);
    chain.unshift(id);
  }
  const urls = [manifest.entry.module, ...manifest.entry.imports];
  for (const id of chain) urls.push(...(manifest.routes[id]!.imports ?? []), manifest.routes[id]!.module);
  return [...new Set(urls)];
}

interface ViteChunk {
  file: string;
  dynamicImports?: string[];
  imports?: string[];
}

/** Adds the chunks that the given ones import dynamically (transitively), per Vite's manifest. */
export function withDynamicImports(urls: string[], vite: Record<string, ViteChunk>, base = "/"): string[] {
  const byFile = new Map(Object.values(vite).map((c) => [base + c.file, c]));
  const out = new Set(urls);
  const queue = [...urls];
  while (queue.length) {
    const url = queue.shift()!;
    const chunk = byFile.get(url);
    // The page's own scripts already list their static imports; a dynamically loaded chunk brings its own.
    const next = [...(chunk?.dynamicImports ?? []), ...(urls.includes(url) ? [] : (chunk?.imports ?? []))];
    for (const key of next) {
      const file = vite[key] ? base + vite[key]!.file : undefined;
      if (file && !out.has(file)) {
        out.add(file);
        queue.push(file);
      }
    }
  }
  return [...out];
}

export interface PageJs {
  files: { url: string; bytes: number; gzipBytes: number }[];
  bytes: number;
  gzipBytes: number;
}

/** Sizes of the page's scripts in a client build directory (gzip at zlib's default level 6). */
export function pageJs(clientDir: string, routeId: string): PageJs {
  const assets = path.join(clientDir, "assets");
  const manifestFile = fs.readdirSync(assets).find((f) => /^manifest-[\w-]+\.js$/.test(f));
  if (!manifestFile) throw new Error(`no Remix manifest in ${assets}`);
  const manifest = parseRemixManifest(fs.readFileSync(path.join(assets, manifestFile), "utf8"));
  let urls = pageScripts(manifest, routeId);
  const viteManifest = path.join(clientDir, ".vite", "manifest.json");
  if (fs.existsSync(viteManifest)) urls = withDynamicImports(urls, JSON.parse(fs.readFileSync(viteManifest, "utf8")));
  const files = urls.map((url) => {
    const content = fs.readFileSync(path.join(clientDir, url.replace(/^\//, "")));
    return { url, bytes: content.length, gzipBytes: zlib.gzipSync(content).length };
  });
  return {
    files,
    bytes: files.reduce((a, f) => a + f.bytes, 0),
    gzipBytes: files.reduce((a, f) => a + f.gzipBytes, 0),
  };
}

/** True when the client build is missing or older than the sources (the rule of server/serve.ts). */
export function buildIsStale(root: string): boolean {
  const serverBuild = path.join(root, "build/server/index.js");
  if (!fs.existsSync(serverBuild) || !fs.existsSync(path.join(root, "build/client/assets"))) return true;
  const newest = (p: string): number => {
    const stat = fs.statSync(p);
    return stat.isDirectory()
      ? Math.max(stat.mtimeMs, ...fs.readdirSync(p).map((f) => newest(path.join(p, f))))
      : stat.mtimeMs;
  };
  const sources = ["app", "db", "vite.config.ts", "package.json"]
    .map((p) => path.join(root, p))
    .filter((p) => fs.existsSync(p));
  return fs.statSync(serverBuild).mtimeMs <= Math.max(...sources.map(newest));
}

/** Builds the app (remix vite:build) when stale; answers an error message when the build fails. */
export function buildIfStale(root: string): string | null {
  if (!buildIsStale(root)) return null;
  const result = spawnSync(
    process.execPath,
    [path.join(root, "node_modules/@remix-run/dev/dist/cli.js"), "vite:build"],
    {
      cwd: root,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, NODE_ENV: "production" },
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  if (result.status === 0) return null;
  const lines = `${result.stderr}\n${result.stdout}`.split("\n").filter((l) => l.trim());
  const firstError = lines.find((l) => /error|failed|✗/i.test(l)) ?? lines[0] ?? "unknown error";
  return `the build failed: ${firstError.trim()}${
    lines.length > 1
      ? ` (${lines
          .slice(lines.indexOf(firstError) + 1, lines.indexOf(firstError) + 4)
          .map((l) => l.trim())
          .join(" / ")})`
      : ""
  }`;
}
