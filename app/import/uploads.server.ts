// Files uploaded at /import, kept between the preview and the import, so that any app server can
// answer either step (docs/decisions/2026-12-07-stateless-servers.md). Each upload is a row in the
// database (app/models/pending-uploads.server.ts: its owner, name, size, when it came); its id is 32
// random hex digits (the only thing the browser holds). Its bytes:
// - on PostgreSQL, in the database too (bytea parts); the parsing worker reads a local copy, in a
//   folder of this process's own (os.tmpdir()/upr-imports-<pid>-…), made again from the database when
//   this server does not have it (the preview went through another server) and deleted when old;
// - on the embedded database (one server only), in DATA_DIR/uploads/<id>.
// An upload is deleted after its import, and any upload older than UPLOAD_LIFETIME_MS (by the
// database's clock) is deleted the next time someone uploads or imports, through whichever server.
//
// Reading the upload (readUploadForm) bounds the whole request, not each part: at most
// MAX_REQUEST_BYTES by Content-Length and by the bytes that actually arrive, one file, a few small
// fields. Each user has at most one pending upload: a new one removes the user's previous one (and
// stops one still arriving at this server). Whatever a refused, failed or abandoned upload wrote (a
// client that goes away mid-upload included) is removed at once. The file's name is kept for display
// only, whatever it holds; it is never part of a path.
import { randomBytes } from "node:crypto";
import { createReadStream, createWriteStream, mkdtempSync } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { once } from "node:events";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeWebReadableStream } from "node:stream/web";
import busboy from "busboy";
import { getDbHandle } from "../db.server";
import {
  deleteExpiredUploads,
  deleteUploadRecord,
  findUpload,
  pendingAmong,
  recordUpload,
  uploadParts,
} from "../models/pending-uploads.server";

export const MAX_UPLOAD_BYTES = 60 * 1024 * 1024;
/** The whole request: the file, its part headers and the few form fields. */
export const MAX_REQUEST_BYTES = MAX_UPLOAD_BYTES + 64 * 1024;
/** A form without a file (the import step, which names an earlier upload). */
const MAX_PLAIN_FORM_BYTES = 64 * 1024;
/** Form fields: the import step answers up to 500 uncertain matches, one field each. */
const MAX_FIELDS = 600;
/** A form field: a report's recommendations may be pasted into one (the whole request stays bounded). */
const MAX_FIELD_BYTES = 4 * 1024 * 1024;
/** File names longer than this are cut (for display only). */
const MAX_FILE_NAME = 255;
export const UPLOAD_LIFETIME_MS = 60 * 60 * 1000;
/** The bytes of one stored part on PostgreSQL (one part in memory at a time, each way). */
const PART_BYTES = 1024 * 1024;
const UPLOAD_ID_RE = /^[0-9a-f]{32}$/;

export interface StoredUpload {
  id: string;
  /** The user who uploaded it. */
  ownerId: number;
  /** The file's own name as the browser sent it (for display only). */
  fileName: string;
  size: number;
  /** A local file with its bytes, for the parsing worker. */
  path: string;
}

let rootOverride: string | null = null;
/** Uploads this process is writing, not yet recorded: the clean-up leaves their files alone. */
const writing = new Set<string>();
let processRoot: string | null = null;

/** Tests keep their uploads' files apart. null: back to the default folder. */
export function setUploadRootForTesting(dir: string | null): void {
  rootOverride = dir;
}

/**
 * Where this server keeps uploads' files, and whether the database holds the bytes: on PostgreSQL a
 * folder of this process's own (a copy of what the database holds); on the embedded database
 * DATA_DIR/uploads (the only copy).
 */
async function storage(): Promise<{ root: string; bytesInDb: boolean }> {
  const handle = await getDbHandle();
  const bytesInDb = handle.engine === "postgres";
  if (rootOverride) return { root: rootOverride, bytesInDb };
  if (!bytesInDb && handle.location !== "memory") return { root: path.join(handle.location, "uploads"), bytesInDb };
  processRoot ??= mkdtempSync(path.join(os.tmpdir(), `upr-imports-${process.pid}-`));
  return { root: processRoot, bytesInDb };
}

export function isUploadId(value: unknown): value is string {
  return typeof value === "string" && UPLOAD_ID_RE.test(value);
}

function folderIn(root: string, id: string): string {
  if (!isUploadId(id)) throw new Error("not an upload id");
  return path.join(root, id);
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}

/** The stored upload, or null when it does not exist (any more). */
export async function getUpload(id: string): Promise<StoredUpload | null> {
  if (!isUploadId(id)) return null;
  const { db } = await getDbHandle();
  const upload = await findUpload(db, id);
  if (!upload) return null;
  const { root, bytesInDb } = await storage();
  const file = path.join(folderIn(root, id), "upload");
  if (!(await exists(file))) {
    if (!bytesInDb) return null;
    // Received by another server: a local copy from the database, written whole before it is used.
    await fs.mkdir(folderIn(root, id), { recursive: true, mode: 0o700 });
    const partial = `${file}.${randomBytes(4).toString("hex")}.part`;
    try {
      await pipeline(Readable.from(uploadParts(db, id)), createWriteStream(partial, { mode: 0o600 }));
      await fs.rename(partial, file);
    } catch (error) {
      await fs.rm(partial, { force: true });
      throw error;
    }
  }
  return { ...upload, path: file };
}

async function removeFiles(root: string, ids: Iterable<string>): Promise<void> {
  await Promise.all([...ids].map((id) => fs.rm(folderIn(root, id), { recursive: true, force: true })));
}

export async function deleteUpload(id: string): Promise<void> {
  if (!isUploadId(id)) return;
  const { db } = await getDbHandle();
  await deleteUploadRecord(db, id);
  await removeFiles((await storage()).root, [id]);
}

/**
 * Deletes uploads older than UPLOAD_LIFETIME_MS, by the database's clock, whichever server received
 * them; and this server's files of uploads that are gone: on PostgreSQL its local copies older than
 * that too (the database still holds what another request may need).
 */
export async function deleteOldUploads(now = Date.now()): Promise<void> {
  const { db } = await getDbHandle();
  const { root, bytesInDb } = await storage();
  await removeFiles(root, await deleteExpiredUploads(db, UPLOAD_LIFETIME_MS));
  let names: string[];
  try {
    names = (await fs.readdir(root)).filter(isUploadId);
  } catch {
    return;
  }
  const pending = await pendingAmong(db, names);
  const old = async (name: string) => {
    try {
      return now - (await fs.stat(path.join(root, name))).mtimeMs > UPLOAD_LIFETIME_MS;
    } catch {
      return false; // gone already
    }
  };
  // A file this process is still writing has no row yet; others without a row are left-overs. On
  // PostgreSQL the files are copies of what the database holds: an old one goes too.
  const doomed = await Promise.all(
    names.map(async (n) => (!writing.has(n) && (!pending.has(n) || (bytesInDb && (await old(n)))) ? n : null)),
  );
  await removeFiles(
    root,
    doomed.filter((n): n is string => n !== null),
  );
}

/** Records a complete upload whose bytes are in `file`, replacing the owner's previous one; expired ones go. */
async function record(upload: { id: string; ownerId: number; fileName: string; size: number }, file: string) {
  const { db } = await getDbHandle();
  const { root, bytesInDb } = await storage();
  const parts = bytesInDb ? createReadStream(file, { highWaterMark: PART_BYTES }) : null;
  try {
    await removeFiles(root, await recordUpload(db, upload, parts as AsyncIterable<Uint8Array> | null));
  } finally {
    parts?.destroy();
  }
  await deleteOldUploads(); // every new upload clears the expired ones, whoever made them
}

// ---------------------------------------------------------------------------------------------
// Reading an upload form, bounded

/** A refused upload form: the message for the page and the status to answer with. Nothing is kept. */
export class UploadRefused extends Error {
  constructor(
    message: string,
    readonly status: 400 | 413,
  ) {
    super(message);
    this.name = "UploadRefused";
  }
}

const MAX_MB = Math.round(MAX_UPLOAD_BYTES / 1024 / 1024);
const tooLarge = () =>
  new UploadRefused(
    `The file is larger than ${MAX_MB} MB; split it into smaller files, or import it with npm run import.`,
    413,
  );

/** Uploads still arriving, by user: a new upload by the same user stops the one before. */
const arriving = new Map<number, AbortController>();

/** A display name: what the browser sent, without control characters, at most MAX_FILE_NAME characters. */
function displayName(name: string | undefined): string {
  // eslint-disable-next-line no-control-regex -- control characters are what this removes
  const clean = (name ?? "").replace(/[\u0000-\u001f\u007f]/g, " ").trim();
  return (clean.length > MAX_FILE_NAME ? `${clean.slice(0, MAX_FILE_NAME - 1)}…` : clean) || "upload";
}

async function readPlainForm(request: Request): Promise<FormData> {
  const declared = Number(request.headers.get("Content-Length") ?? 0);
  if (declared > MAX_PLAIN_FORM_BYTES) throw new UploadRefused("The form is too large.", 413);
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    for await (const chunk of request.body as unknown as AsyncIterable<Uint8Array>) {
      size += chunk.byteLength;
      if (size > MAX_PLAIN_FORM_BYTES) throw new UploadRefused("The form is too large.", 413);
      chunks.push(chunk);
    }
  }
  const type = request.headers.get("Content-Type") ?? "";
  if (!type.startsWith("application/x-www-form-urlencoded"))
    throw new UploadRefused("The form could not be read; choose the file again.", 400);
  const form = new FormData();
  for (const [k, v] of new URLSearchParams(Buffer.concat(chunks).toString("utf8"))) form.append(k, v);
  return form;
}

/**
 * Reads the /import form of user `ownerId`: its text fields, and its one file (form field `field`),
 * streamed to disk as a new upload whose id becomes the field's value. A form without a file is read
 * as well (at most 64 KB). Throws UploadRefused (nothing kept) when the request is too large, holds
 * more than one file or too many fields, or cannot be read; a client that goes away mid-upload leaves
 * nothing behind.
 */
export async function readUploadForm(
  request: Request,
  ownerId: number,
  field = "file",
  limits = { requestBytes: MAX_REQUEST_BYTES, fileBytes: MAX_UPLOAD_BYTES },
): Promise<FormData> {
  const type = request.headers.get("Content-Type") ?? "";
  if (!/^multipart\/form-data\s*;/i.test(type)) return readPlainForm(request);
  const declared = Number(request.headers.get("Content-Length") ?? 0);
  if (declared > limits.requestBytes) throw tooLarge();
  if (!request.body) throw new UploadRefused("The form could not be read; choose the file again.", 400);

  // This user's upload still arriving, if any, stops: one pending upload per user.
  arriving.get(ownerId)?.abort();
  const mine = new AbortController();
  arriving.set(ownerId, mine);

  const { root } = await storage();
  const form = new FormData();
  let folder: string | null = null;
  let id: string | null = null;
  let arrived: { fileName: string; size: number } | null = null;
  let fileDone: Promise<void> = Promise.resolve();
  let failure: Error | null = null;
  /** The file part being written: stopped with the rest when the form is refused. */
  let fileStream: Readable | null = null;
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { "content-type": type },
      defParamCharset: "utf8",
      limits: {
        files: 1,
        fileSize: limits.fileBytes,
        fields: MAX_FIELDS,
        fieldSize: MAX_FIELD_BYTES,
        parts: MAX_FIELDS + 1,
        headerPairs: 10,
      },
    });
  } catch {
    arriving.delete(ownerId);
    throw new UploadRefused("The form could not be read; choose the file again.", 400);
  }
  let received = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      received += chunk.byteLength;
      if (received > limits.requestBytes) return callback(tooLarge());
      callback(null, chunk);
    },
  });
  const source = Readable.fromWeb(request.body as unknown as NodeWebReadableStream<Uint8Array>);

  const done = new Promise<void>((resolve, reject) => {
    // Reading stops; the rest of the request is not read. The socket itself is left alone, so that the
    // client gets the answer (the route closes the connection after it: Connection: close).
    const fail = (error: Error) => {
      failure ??= error;
      source.unpipe(counter);
      counter.unpipe(parser);
      counter.destroy();
      parser.destroy();
      fileStream?.destroy();
      reject(failure);
    };
    mine.signal.addEventListener("abort", () => fail(new UploadRefused("A newer upload replaced this one.", 400)));
    request.signal?.addEventListener("abort", () =>
      fail(new UploadRefused("The upload was interrupted; choose the file again.", 400)),
    );
    source.on("error", () => fail(new UploadRefused("The upload was interrupted; choose the file again.", 400)));
    counter.on("error", (error) =>
      fail(
        error instanceof UploadRefused
          ? error
          : new UploadRefused("The form could not be read; choose the file again.", 400),
      ),
    );
    parser.on("error", () => fail(new UploadRefused("The form could not be read; choose the file again.", 400)));
    parser.on("filesLimit", () => fail(new UploadRefused("Send one file at a time.", 400)));
    parser.on("fieldsLimit", () => fail(new UploadRefused("The form has too many fields.", 400)));
    parser.on("partsLimit", () => fail(new UploadRefused("The form has too many fields.", 400)));
    parser.on("field", (name, value, info) => {
      if (info.nameTruncated || info.valueTruncated)
        return fail(new UploadRefused("A field of the form is too long.", 400));
      form.append(name, value);
    });
    parser.on("file", (name, stream, info) => {
      if (name !== field || id !== null) {
        stream.resume();
        return;
      }
      const newId = randomBytes(16).toString("hex");
      id = newId;
      writing.add(newId);
      folder = folderIn(root, newId);
      const target = folder;
      fileStream = stream;
      let truncated = false;
      stream.on("limit", () => (truncated = true));
      fileDone = (async () => {
        await fs.mkdir(target, { recursive: true, mode: 0o700 });
        // Refused while the folder was being made: write nothing (the caller removes the folder).
        if (failure) throw failure;
        const out = createWriteStream(path.join(target, "upload"), { mode: 0o600 });
        let size = 0;
        try {
          for await (const chunk of stream as AsyncIterable<Buffer>) {
            size += chunk.byteLength;
            if (!out.write(chunk)) await once(out, "drain");
          }
          out.end();
          await once(out, "finish");
        } catch (error) {
          out.destroy();
          throw error;
        }
        if (truncated || (stream as { truncated?: boolean }).truncated || size > limits.fileBytes) throw tooLarge();
        if (!info.filename && size === 0) {
          await fs.rm(target, { recursive: true, force: true });
          writing.delete(newId);
          id = null;
          return;
        }
        arrived = { fileName: displayName(info.filename), size };
      })();
      fileDone.catch((error) =>
        fail(
          error instanceof UploadRefused
            ? error
            : new UploadRefused("The upload could not be stored; please try again.", 400),
        ),
      );
    });
    parser.on("close", () => {
      fileDone.then(resolve, () => undefined);
    });
  });

  source.pipe(counter).pipe(parser);
  try {
    await done;
    await fileDone;
    if (failure) throw failure;
    // Recorded in the database (with its bytes on PostgreSQL): any server can now find it.
    if (id && arrived)
      await record({ id, ownerId, ...(arrived as { fileName: string; size: number }) }, path.join(folder!, "upload"));
  } catch (error) {
    if (folder) {
      const left: string = folder;
      await fs.rm(left, { recursive: true, force: true });
      // The file may still be closing: remove it again once it has.
      void fileDone.catch(() => undefined).finally(() => fs.rm(left, { recursive: true, force: true }));
    }
    throw error instanceof UploadRefused
      ? error
      : new UploadRefused("The form could not be read; choose the file again.", 400);
  } finally {
    if (arriving.get(ownerId) === mine) arriving.delete(ownerId);
    if (id) writing.delete(id);
  }
  if (id) form.append(field, id);
  return form;
}

/** Stores pasted text (a Working Group report's recommendations) as the user's one pending upload, like a chosen file. */
export async function saveTextUpload(
  text: string,
  ownerId: number,
  fileName = "pasted-recommendations.txt",
): Promise<StoredUpload> {
  const id = randomBytes(16).toString("hex");
  const folder = folderIn((await storage()).root, id);
  writing.add(id);
  await fs.mkdir(folder, { recursive: true, mode: 0o700 });
  const bytes = Buffer.from(text, "utf8");
  const file = path.join(folder, "upload");
  await fs.writeFile(file, bytes, { mode: 0o600 });
  try {
    await record({ id, ownerId, fileName, size: bytes.length }, file);
  } catch (error) {
    await fs.rm(folder, { recursive: true, force: true });
    throw error;
  } finally {
    writing.delete(id);
  }
  return { id, ownerId, fileName, size: bytes.length, path: file };
}
