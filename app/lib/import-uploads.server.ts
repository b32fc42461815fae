// Files uploaded at /import, kept on disk between the preview and the import: each in a folder
// os.tmpdir()/upr-imports/<id>, where <id> is 32 random hex digits (the only thing the browser
// holds). A folder is deleted after the import, and any folder older than an hour is deleted the
// next time someone uploads or imports.
import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { once } from "node:events";
import { MaxPartSizeExceededError, type UploadHandler } from "@remix-run/node";

export const MAX_UPLOAD_BYTES = 60 * 1024 * 1024;
export const UPLOAD_LIFETIME_MS = 60 * 60 * 1000;
const UPLOAD_ID_RE = /^[0-9a-f]{32}$/;

export interface StoredUpload {
  id: string;
  /** The file's own name as the browser sent it (for display only). */
  fileName: string;
  size: number;
  path: string;
}

let rootOverride: string | null = null;

/** Tests keep their uploads apart. null: back to os.tmpdir()/upr-imports. */
export function setUploadRootForTesting(dir: string | null): void {
  rootOverride = dir;
}

export function uploadRoot(): string {
  return rootOverride ?? path.join(os.tmpdir(), "upr-imports");
}

export function isUploadId(value: unknown): value is string {
  return typeof value === "string" && UPLOAD_ID_RE.test(value);
}

function folderOf(id: string): string {
  if (!isUploadId(id)) throw new Error("not an upload id");
  return path.join(uploadRoot(), id);
}

/**
 * An upload handler for unstable_parseMultipartFormData: streams the part named `field` to disk
 * (at most MAX_UPLOAD_BYTES, else MaxPartSizeExceededError and nothing is kept) and gives the new
 * upload's id as the field's value. An empty file input (no file chosen) gives no value.
 */
export function diskUploadHandler(field: string, maxBytes = MAX_UPLOAD_BYTES): UploadHandler {
  return async ({ name, filename, data }) => {
    if (name !== field) return undefined;
    const id = randomBytes(16).toString("hex");
    const folder = folderOf(id);
    await fs.mkdir(folder, { recursive: true, mode: 0o700 });
    const file = path.join(folder, "upload");
    const out = createWriteStream(file, { mode: 0o600 });
    let size = 0;
    try {
      for await (const chunk of data) {
        size += chunk.byteLength;
        if (size > maxBytes) throw new MaxPartSizeExceededError(name, maxBytes);
        if (!out.write(chunk)) await once(out, "drain");
      }
      out.end();
      await once(out, "finish");
    } catch (error) {
      out.destroy();
      await fs.rm(folder, { recursive: true, force: true });
      throw error;
    }
    if (!filename && size === 0) {
      await fs.rm(folder, { recursive: true, force: true });
      return undefined;
    }
    await fs.writeFile(path.join(folder, "meta.json"), JSON.stringify({ fileName: filename || "upload", size }), { mode: 0o600 });
    return id;
  };
}

/** The stored upload, or null when it does not exist (any more). */
export async function getUpload(id: string): Promise<StoredUpload | null> {
  if (!isUploadId(id)) return null;
  try {
    const meta = JSON.parse(await fs.readFile(path.join(folderOf(id), "meta.json"), "utf8")) as { fileName: string; size: number };
    return { id, fileName: String(meta.fileName), size: Number(meta.size), path: path.join(folderOf(id), "upload") };
  } catch {
    return null;
  }
}

export async function deleteUpload(id: string): Promise<void> {
  if (isUploadId(id)) await fs.rm(folderOf(id), { recursive: true, force: true });
}

/** Deletes uploads older than UPLOAD_LIFETIME_MS. */
export async function deleteOldUploads(now = Date.now()): Promise<void> {
  let names: string[];
  try {
    names = await fs.readdir(uploadRoot());
  } catch {
    return;
  }
  await Promise.all(
    names.filter(isUploadId).map(async (name) => {
      try {
        const stat = await fs.stat(path.join(uploadRoot(), name));
        if (now - stat.mtimeMs > UPLOAD_LIFETIME_MS) await deleteUpload(name);
      } catch {
        /* gone already */
      }
    }),
  );
}

/** Stores pasted text (a Working Group report's recommendations) as an upload, like a chosen file. */
export async function saveTextUpload(text: string, fileName = "pasted-recommendations.txt"): Promise<StoredUpload> {
  const id = randomBytes(16).toString("hex");
  const folder = folderOf(id);
  await fs.mkdir(folder, { recursive: true, mode: 0o700 });
  const bytes = Buffer.from(text, "utf8");
  await fs.writeFile(path.join(folder, "upload"), bytes, { mode: 0o600 });
  await fs.writeFile(path.join(folder, "meta.json"), JSON.stringify({ fileName, size: bytes.length }), { mode: 0o600 });
  return { id, fileName, size: bytes.length, path: path.join(folder, "upload") };
}
