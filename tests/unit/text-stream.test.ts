import { describe, expect, it } from "vitest";
import { EXPORT_INCOMPLETE_LINE } from "~/lib/export-format";
import { textStream } from "~/lib/text-stream";

async function* failsAfterTwo(): AsyncGenerator<string> {
  yield "a,b\r\n";
  yield "1,2\r\n";
  throw new Error("connection to the database lost");
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

describe("textStream", () => {
  it("ends a file that fails half-way with the last words it was given, not silently", async () => {
    const errors: unknown[] = [];
    const text = await readAll(
      textStream(
        failsAfterTwo(),
        (e) => errors.push(e),
        () => `\r\n${EXPORT_INCOMPLETE_LINE}\r\n`,
      ),
    );
    expect(text).toBe(`a,b\r\n1,2\r\n\r\n${EXPORT_INCOMPLETE_LINE}\r\n`);
    expect(text.trimEnd().split("\r\n").at(-1)).toMatch(/^"THIS EXPORT IS INCOMPLETE/);
    expect(errors).toHaveLength(1);
  });

  it("without last words, the stream errors (the transfer is cut, which the client sees as a failure)", async () => {
    await expect(readAll(textStream(failsAfterTwo()))).rejects.toThrow();
  });
});
