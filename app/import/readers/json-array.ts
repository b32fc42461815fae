/**
 * Streaming reader for a top-level JSON array (the UHRI export, ~400 MB): yields each element
 * as it completes, holding only the current element in memory.
 *
 * A small scanner finds where each element ends (tracking strings, escapes and bracket depth)
 * and JSON.parse parses that element. This is much faster than a token-by-token streaming
 * parser, needs no dependency, and JSON.parse still validates every element fully.
 */

export class JsonArrayError extends Error {
  constructor(
    message: string,
    /** 1-based position of the element being read, when the error is inside one. */
    readonly element: number | null,
  ) {
    super(message);
  }
}

/** One element larger than this stops the read (a UHRI record is a few kB). */
export const MAX_ELEMENT_CHARS = 16 * 1024 * 1024;

const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const COMMA = 44;

function isWhitespace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9 || c === 0xfeff;
}

function describe(text: string, at: number): string {
  return JSON.stringify(text.slice(at, at + 20));
}

export async function* jsonArrayElements(chunks: AsyncIterable<string>): AsyncGenerator<unknown> {
  type State = "start" | "beforeFirst" | "beforeValue" | "inValue" | "afterValue" | "end";
  let state: State = "start";
  let buf = "";
  let pos = 0;
  let valueStart = 0;
  let depth = 0;
  let inString = false;
  let element = 0;

  function parseElement(text: string): unknown {
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new JsonArrayError(`Malformed JSON in record ${element}: ${(error as Error).message}.`, element);
    }
  }

  for await (const chunk of chunks) {
    // Drop what has been consumed, keep the element being read.
    const keepFrom = state === "inValue" ? valueStart : pos;
    buf = buf.slice(keepFrom) + chunk;
    pos -= keepFrom;
    valueStart -= keepFrom;

    while (pos < buf.length) {
      if (state === "inValue") {
        if (inString) {
          const quote = buf.indexOf('"', pos);
          if (quote === -1) {
            pos = buf.length;
            break;
          }
          let backslashes = 0;
          for (let i = quote - 1; i > valueStart && buf.charCodeAt(i) === BACKSLASH; i--) backslashes++;
          pos = quote + 1;
          if (backslashes % 2 === 0) inString = false;
          continue;
        }
        const c = buf.charCodeAt(pos++);
        if (c === QUOTE) inString = true;
        else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
        else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
          depth--;
          if (depth === 0) {
            yield parseElement(buf.slice(valueStart, pos));
            state = "afterValue";
          }
        }
        continue;
      }

      const c = buf.charCodeAt(pos);
      if (isWhitespace(c)) {
        pos++;
        continue;
      }
      if (state === "start") {
        if (c !== OPEN_BRACKET) {
          throw new JsonArrayError(
            `Expected a JSON array (a UHRI export starts with "["), found ${describe(buf, pos)}.`,
            null,
          );
        }
        state = "beforeFirst";
        pos++;
      } else if (state === "beforeFirst" && c === CLOSE_BRACKET) {
        state = "end";
        pos++;
      } else if (state === "beforeFirst" || state === "beforeValue") {
        if (c === CLOSE_BRACKET || c === COMMA) {
          throw new JsonArrayError(
            `Malformed JSON after record ${element}: a "," is followed by ${describe(buf, pos)}.`,
            element,
          );
        }
        element++;
        if (c === OPEN_BRACE || c === OPEN_BRACKET) {
          state = "inValue";
          valueStart = pos;
          depth = 1;
          inString = false;
          pos++;
        } else {
          // A string, number, true, false or null: not a record, but keep reading the array.
          const end = scanScalar(buf, pos);
          if (end === -1) {
            element--; // it may continue in the next chunk: read it again then
            break;
          }
          yield parseElement(buf.slice(pos, end));
          pos = end;
          state = "afterValue";
        }
      } else if (state === "afterValue") {
        if (c === COMMA) state = "beforeValue";
        else if (c === CLOSE_BRACKET) state = "end";
        else
          throw new JsonArrayError(
            `Malformed JSON after record ${element}: expected "," or "]", found ${describe(buf, pos)}.`,
            element,
          );
        pos++;
      } else {
        throw new JsonArrayError(`Unexpected content after the end of the JSON array: ${describe(buf, pos)}.`, null);
      }
    }

    if (state === "inValue" && buf.length - valueStart > MAX_ELEMENT_CHARS) {
      throw new JsonArrayError(
        `Record ${element} is larger than ${MAX_ELEMENT_CHARS / 1024 / 1024} MB: this is not a UHRI export.`,
        element,
      );
    }
  }

  if (state === "beforeValue" || state === "beforeFirst" || state === "afterValue" || state === "inValue") {
    // A trailing scalar at EOF without "]" also lands here.
    throw new JsonArrayError(
      "The JSON ends before its array is closed: the file is probably truncated.",
      element || null,
    );
  }
  if (state === "start") throw new JsonArrayError("The file holds no JSON.", null);
}

/** End (exclusive) of a JSON scalar starting at `start`, or -1 if the buffer ends inside it. */
function scanScalar(buf: string, start: number): number {
  if (buf.charCodeAt(start) === QUOTE) {
    let i = start + 1;
    for (;;) {
      const quote = buf.indexOf('"', i);
      if (quote === -1) return -1;
      let backslashes = 0;
      for (let j = quote - 1; j > start && buf.charCodeAt(j) === BACKSLASH; j--) backslashes++;
      if (backslashes % 2 === 0) return quote + 1;
      i = quote + 1;
    }
  }
  for (let i = start; i < buf.length; i++) {
    const c = buf.charCodeAt(i);
    if (c === COMMA || c === CLOSE_BRACKET || c === CLOSE_BRACE || isWhitespace(c)) return i;
  }
  return -1;
}
