// An upload waiting at /import, made as the import page makes one: the file sent as a form to
// readUploadForm (app/import/uploads.server.ts), through the database that setDb named.
import fs from "node:fs";
import path from "node:path";
import { readUploadForm } from "~/import/uploads.server";

/** Uploads `file` as user `ownerId`; returns the upload's id. */
export async function uploadAs(ownerId: number, file: string): Promise<string> {
  const form = new FormData();
  form.append("file", new Blob([fs.readFileSync(file)]), path.basename(file));
  const request = new Request("http://localhost/import", { method: "POST", body: form });
  const read = await readUploadForm(request, ownerId);
  const id = read.get("file");
  if (typeof id !== "string") throw new Error("no upload");
  return id;
}
