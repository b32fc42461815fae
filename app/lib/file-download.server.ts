// The body of a file download: a web stream of a file on disk, read as the client takes it.
import fs from "node:fs";
import { createReadableStreamFromReadable } from "@remix-run/node";

/** Streams `file`; `onClose` runs when the stream closes (finished, failed or the client went away). */
export function fileDownloadBody(file: string, onClose: () => unknown): ReadableStream<Uint8Array> {
  const stream = fs.createReadStream(file);
  stream.once("close", () => void onClose());
  return createReadableStreamFromReadable(stream);
}
