// While the server holds the embedded database (one process per DATA_DIR, db/client.ts), the command
// line's admin tasks (user:create, seed:sample) are sent to it instead: a second HTTP listener bound to
// 127.0.0.1 on a port of the system's choosing, answering only requests that carry the secret written
// to DATA_DIR/admin-endpoint.json (readable by the owner only; compared in constant time). The file
// is removed when the server stops; a file left by a dead server is ignored (its pid is checked).
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { Kysely } from "kysely";
import type { Database } from "../db/schema";
import { AdminTask, type AdminTaskResult, runAdminTask } from "./admin-tasks";

const FILE = "admin-endpoint.json";
const MAX_BODY = 16 * 1024;

interface EndpointFile {
  port: number;
  token: string;
  pid: number;
}

export const endpointFile = (dataDir: string) => path.join(path.resolve(dataDir), FILE);

function sameSecret(a: string, b: string): boolean {
  const ha = crypto.createHash("sha256").update(a).digest();
  const hb = crypto.createHash("sha256").update(b).digest();
  return crypto.timingSafeEqual(ha, hb);
}

/** Starts the listener and writes the endpoint file; `stop` closes it and removes the file. */
export async function startAdminEndpoint(
  db: Kysely<Database>,
  dataDir: string,
): Promise<{ port: number; stop: () => Promise<void> }> {
  const token = crypto.randomBytes(32).toString("base64url");
  const server = http.createServer((req, res) => {
    const answer = (status: number, body: unknown) => {
      res.writeHead(status, { "Content-Type": "application/json" });
      res.end(JSON.stringify(body));
    };
    const auth = req.headers.authorization ?? "";
    if (req.method !== "POST" || req.url !== "/task") return answer(404, { error: "not found" });
    if (!auth.startsWith("Bearer ") || !sameSecret(auth.slice(7), token)) return answer(403, { error: "forbidden" });
    let size = 0;
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) req.destroy();
      else chunks.push(chunk);
    });
    req.on("end", () => {
      let task: AdminTask;
      try {
        task = AdminTask.parse(JSON.parse(Buffer.concat(chunks).toString("utf8")));
      } catch {
        return answer(400, { error: "not a task" });
      }
      runAdminTask(db, task).then(
        (result) => answer(200, result),
        (error: unknown) => answer(500, { error: error instanceof Error ? error.message : String(error) }),
      );
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const port = (server.address() as AddressInfo).port;
  const file = endpointFile(dataDir);
  const content: EndpointFile = { port, token, pid: process.pid };
  fs.rmSync(file, { force: true });
  fs.writeFileSync(file, JSON.stringify(content), { mode: 0o600, flag: "wx" });
  const removeFile = () => {
    try {
      if ((JSON.parse(fs.readFileSync(file, "utf8")) as EndpointFile).token === token) fs.unlinkSync(file);
    } catch {
      /* already gone */
    }
  };
  process.once("exit", removeFile);
  return {
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        removeFile();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The running server's endpoint for this DATA_DIR, or null when no live server wrote one. */
export function findAdminEndpoint(dataDir: string): EndpointFile | null {
  try {
    const found = JSON.parse(fs.readFileSync(endpointFile(dataDir), "utf8")) as EndpointFile;
    return Number.isInteger(found.port) && typeof found.token === "string" && alive(found.pid) ? found : null;
  } catch {
    return null;
  }
}

/** Sends a task to the running server; its answer, or an Error with one line. */
export async function sendAdminTask(endpoint: EndpointFile, task: AdminTask): Promise<AdminTaskResult> {
  const res = await fetch(`http://127.0.0.1:${endpoint.port}/task`, {
    method: "POST",
    headers: { Authorization: `Bearer ${endpoint.token}`, "Content-Type": "application/json" },
    body: JSON.stringify(task),
  });
  const body = (await res.json()) as AdminTaskResult | { error: string };
  if (!res.ok || "error" in body)
    throw new Error(`the running server refused the task: ${"error" in body ? body.error : res.status}`);
  return body;
}
