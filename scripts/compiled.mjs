// `node scripts/compiled.mjs NAME [args]`: runs scripts/NAME.ts as one compiled JavaScript bundle
// (build/scripts/NAME.mjs), built by esbuild when it is missing or older than any file it was built
// from (the list is kept beside it), so that an edited source is never run stale. Plain JavaScript,
// so that Node starts it without tsx: tsx compiles every module at each start and its loader
// thread and compiler process cost about 47 MB (docs/decisions/2026-12-08-compiled-export.md).
// The libraries (node_modules) stay outside the bundle and load as they do for tsx.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
/** The scripts that run compiled (package.json names them). */
const SCRIPTS = new Set(["export"]);

/** The bundle's inputs (source files) when it is up to date, else null. */
function upToDate(bundle, inputsFile) {
  try {
    const built = fs.statSync(bundle).mtimeMs;
    const inputs = JSON.parse(fs.readFileSync(inputsFile, "utf8"));
    for (const input of inputs) if (fs.statSync(path.join(ROOT, input)).mtimeMs > built) return false;
    return true;
  } catch {
    return false; // no bundle yet, or an input is gone
  }
}

async function build(name, dir) {
  const esbuild = await import("esbuild");
  const bundle = path.join(dir, `${name}.mjs`);
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    stdin: {
      // The script's main and the runner the script itself uses when started directly.
      contents: `export { main } from "./scripts/${name}.ts";\nexport { runMain } from "./scripts/lib/cli.ts";\n`,
      resolveDir: ROOT,
      sourcefile: `compiled-${name}.ts`,
      loader: "ts",
    },
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    tsconfig: path.join(ROOT, "tsconfig.json"),
    // Written beside it, then renamed (as the list of inputs): two commands building at once never
    // load a half-written bundle.
    outfile: `${bundle}.${process.pid}.tmp.mjs`,
    metafile: true,
    logLevel: "error",
  });
  const inputs = Object.keys(result.metafile.inputs).filter((f) => !f.startsWith("<stdin>") && !f.includes(":"));
  const inputsFile = path.join(dir, `${name}.inputs.json`);
  fs.writeFileSync(`${inputsFile}.${process.pid}.tmp`, JSON.stringify(inputs));
  fs.renameSync(`${bundle}.${process.pid}.tmp.mjs`, bundle);
  fs.renameSync(`${inputsFile}.${process.pid}.tmp`, inputsFile);
  return bundle;
}

/** The bundle of scripts/NAME.ts, built first if needed (in build/scripts, else in the temporary folder). */
export async function compiledScript(name) {
  if (!SCRIPTS.has(name)) throw new Error(`compiled.mjs: not a compiled script: ${name}`);
  for (const dir of [path.join(ROOT, "build", "scripts"), path.join(os.tmpdir(), "upr-monitor-scripts")]) {
    const bundle = path.join(dir, `${name}.mjs`);
    if (upToDate(bundle, path.join(dir, `${name}.inputs.json`))) return bundle;
    try {
      fs.mkdirSync(dir, { recursive: true });
      fs.accessSync(dir, fs.constants.W_OK);
      return await build(name, dir);
    } catch (error) {
      if (!["EACCES", "EPERM", "EROFS"].includes(error?.code)) throw error;
    }
  }
  throw new Error(`compiled.mjs: nowhere to write the bundle of ${name}`);
}

if (process.argv[1] && fs.realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const name = process.argv[2];
  if (name === "--build") {
    // `npm run build` builds them all ahead, so that a server image never builds at run time.
    for (const script of SCRIPTS) await compiledScript(script);
  } else {
    const bundle = await compiledScript(name);
    process.argv.splice(2, 1); // the script sees its own arguments only, as under tsx
    const { main, runMain } = await import(pathToFileURL(bundle).href);
    runMain(main);
  }
}
