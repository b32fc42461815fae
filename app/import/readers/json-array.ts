/**
 * Streaming reader for a top-level JSON array (the UHRI export, ~400 MB): yields each element
 * as it completes, holding only the current element in memory.
 *
 * A small scanner finds where each element ends (tracking strings, escapes and bracket depth)
 * and JSON.parse parses that element. This is much faster than a token-by-token streaming
 * parser, needs no dependency, and JSON.parse still validates every element fully.
 */
import { indexFinder } from "../../lib/text/scan";

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
  let element = 0;
  // The element being read: an object or array (depth > 0), a string or another scalar (depth 0).
  let depth = 0;
  let inString = false;
  let escaped = false; // inside a string, after a backslash
  // Its text in the chunks before this one, joined once when it ends: a large element is neither
  // copied again nor scanned again with each chunk (time growing with the square of its size).
  let held: string[] = [];
  let heldLength = 0;

  function parseElement(text: string): unknown {
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new JsonArrayError(`Malformed JSON in record ${element}: ${(error as Error).message}.`, element);
    }
  }

  for await (const text of chunks) {
    const nextQuote = indexFinder(text, '"');
    const nextBackslash = indexFinder(text, "\\");

    /** Where the element being read ends in this chunk (the index after it), or -1 when it goes on into the next. */
    function valueEnd(from: number): number {
      let pos = from;
      while (pos < text.length) {
        if (inString) {
          if (escaped) {
            escaped = false;
            pos++;
            continue;
          }
          const quote = nextQuote(pos);
          const backslash = nextBackslash(pos);
          if (backslash !== -1 && (quote === -1 || backslash < quote)) {
            escaped = true;
            pos = backslash + 1;
            continue;
          }
          if (quote === -1) return -1;
          inString = false;
          pos = quote + 1;
          if (depth === 0) return pos; // a string
          continue;
        }
        const c = text.charCodeAt(pos);
        if (depth === 0) {
          // A number, true, false or null: it ends where the array goes on.
          if (c === COMMA || c === CLOSE_BRACKET || c === CLOSE_BRACE || isWhitespace(c)) return pos;
          pos++;
          continue;
        }
        pos++;
        if (c === QUOTE) inString = true;
        else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
        else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
          depth--;
          if (depth === 0) return pos;
        }
      }
      return -1;
    }

    let pos = 0;
    let valueStart = 0; // where the element being read starts in this chunk (0: in an earlier one)
    while (pos < text.length) {
      if (state === "inValue") {
        const end = valueEnd(pos);
        if (end === -1) break; // it goes on in the next chunk
        const value = held.join("") + text.slice(valueStart, end);
        held = [];
        heldLength = 0;
        // A record, or a string, number, true, false or null: not a record, but the array is read on.
        yield parseElement(value);
        state = "afterValue";
        pos = end;
        continue;
      }

      const c = text.charCodeAt(pos);
      if (isWhitespace(c)) {
        pos++;
        continue;
      }
      if (state === "start") {
        if (c !== OPEN_BRACKET) {
          throw new JsonArrayError(
            `Expected a JSON array (a UHRI export starts with "["), found ${describe(text, pos)}.`,
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
            `Malformed JSON after record ${element}: a "," is followed by ${describe(text, pos)}.`,
            element,
          );
        }
        element++;
        state = "inValue";
        valueStart = pos;
        depth = c === OPEN_BRACE || c === OPEN_BRACKET ? 1 : 0;
        inString = c === QUOTE;
        escaped = false;
        // The first character of an object, an array or a string is read here; that of a number,
        // true, false or null by valueEnd, which ends it at a "," or "]".
        if (depth === 1 || inString) pos++;
      } else if (state === "afterValue") {
        if (c === COMMA) state = "beforeValue";
        else if (c === CLOSE_BRACKET) state = "end";
        else
          throw new JsonArrayError(
            `Malformed JSON after record ${element}: expected "," or "]", found ${describe(text, pos)}.`,
            element,
          );
        pos++;
      } else {
        throw new JsonArrayError(`Unexpected content after the end of the JSON array: ${describe(text, pos)}.`, null);
      }
    }
    if (state === "inValue") {
      held.push(text.slice(valueStart));
      heldLength += text.length - valueStart;
      if (heldLength > MAX_ELEMENT_CHARS) {
        throw new JsonArrayError(
          `Record ${element} is larger than ${MAX_ELEMENT_CHARS / 1024 / 1024} MB: this is not a UHRI export.`,
          element,
        );
      }
    }
  }

  if (state === "beforeValue" || state === "beforeFirst" || state === "afterValue" || state === "inValue") {
    // A scalar cut off at the end is not counted as a record read.
    const last = state === "inValue" && depth === 0 ? element - 1 : element;
    throw new JsonArrayError("The JSON ends before its array is closed: the file is probably truncated.", last || null);
  }
  if (state === "start") throw new JsonArrayError("The file holds no JSON.", null);
}
