// Reading the entries of a zip archive (.docx, .xlsx) that a stranger sent, with bounds that hold
// whatever the archive claims: the list of entries comes from the central directory, only the
// entries asked for are inflated, and each is inflated in small steps while its real size is
// counted, so a part that inflates to gigabytes while its header claims a kilobyte is stopped at
// the limit (memory and time both bounded by the limit, not by the claim). Pure: bytes in, bytes out.
import { Inflate } from "fflate";

export type ZipErrorKind = "damaged" | "too-large" | "encrypted";

export class ZipError extends Error {
  override name = "ZipError";
  constructor(
    message: string,
    readonly kind: ZipErrorKind,
    /** The entry that was refused (too large, encrypted). */
    readonly entry: string | null = null,
  ) {
    super(message);
  }
}

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated; other methods are refused when read. */
  method: number;
  compressedSize: number;
  /** The size the archive claims; never trusted for a bound. */
  declaredSize: number;
  localHeaderOffset: number;
  encrypted: boolean;
}

export interface ZipLimits {
  /** The real inflated size of one entry. */
  maxEntryBytes: number;
  /** The real inflated size of all the entries read, together. */
  maxTotalBytes: number;
}

/** More entries than this are not an Office file of ours. */
const MAX_ENTRIES = 20_000;
/** Compressed bytes handed to the inflater at once: a step inflates to at most ~1,032 times this. */
const STEP = 16 * 1024;

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

function damaged(): ZipError {
  return new ZipError("The zip archive is damaged.", "damaged");
}

class Reader {
  private view: DataView;
  constructor(private bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  u16(at: number): number {
    if (at < 0 || at + 2 > this.bytes.length) throw damaged();
    return this.view.getUint16(at, true);
  }
  u32(at: number): number {
    if (at < 0 || at + 4 > this.bytes.length) throw damaged();
    return this.view.getUint32(at, true);
  }
  u64(at: number): number {
    const low = this.u32(at);
    const high = this.u32(at + 4);
    if (high > 0x1fffff) throw damaged(); // beyond 2^53: not a file we can hold anyway
    return high * 0x1_0000_0000 + low;
  }
}

/** Where the end-of-central-directory record starts (the last one in the archive's final 64 KiB). */
function findEndRecord(bytes: Uint8Array, r: Reader): number {
  const lowest = Math.max(0, bytes.length - 22 - 0xffff);
  for (let at = bytes.length - 22; at >= lowest; at--) {
    if (bytes[at] === 0x50 && bytes[at + 1] === 0x4b && r.u32(at) === EOCD) return at;
  }
  throw damaged();
}

/** The entries of the central directory, in its order. ZipError("damaged") when it cannot be read. */
export function zipEntries(bytes: Uint8Array): ZipEntry[] {
  const r = new Reader(bytes);
  const end = findEndRecord(bytes, r);
  let count = r.u16(end + 10);
  let offset = r.u32(end + 16);
  if (count === 0xffff || offset === 0xffffffff) {
    const locator = end - 20;
    if (locator < 0 || r.u32(locator) !== ZIP64_LOCATOR) throw damaged();
    const record = r.u64(locator + 8);
    if (r.u32(record) !== ZIP64_EOCD) throw damaged();
    count = r.u64(record + 32);
    offset = r.u64(record + 48);
  }
  if (count > MAX_ENTRIES) throw new ZipError(`The zip archive holds ${count} entries: too many.`, "too-large");
  const entries: ZipEntry[] = [];
  const names = new TextDecoder("utf-8");
  let at = offset;
  for (let i = 0; i < count; i++) {
    if (r.u32(at) !== CENTRAL) throw damaged();
    const flags = r.u16(at + 8);
    const method = r.u16(at + 10);
    let compressedSize = r.u32(at + 20);
    let declaredSize = r.u32(at + 24);
    const nameLength = r.u16(at + 28);
    const extraLength = r.u16(at + 30);
    const commentLength = r.u16(at + 32);
    let localHeaderOffset = r.u32(at + 42);
    const nameStart = at + 46;
    if (nameStart + nameLength > bytes.length) throw damaged();
    const name = names.decode(bytes.subarray(nameStart, nameStart + nameLength));
    // Zip64: the sizes and offset that do not fit 32 bits are in extra field 0x0001, in this order.
    let extra = nameStart + nameLength;
    const extraEnd = extra + extraLength;
    while (extra + 4 <= extraEnd) {
      const id = r.u16(extra);
      const size = r.u16(extra + 2);
      if (id === 0x0001) {
        let field = extra + 4;
        if (declaredSize === 0xffffffff) {
          declaredSize = r.u64(field);
          field += 8;
        }
        if (compressedSize === 0xffffffff) {
          compressedSize = r.u64(field);
          field += 8;
        }
        if (localHeaderOffset === 0xffffffff) localHeaderOffset = r.u64(field);
      }
      extra += 4 + size;
    }
    entries.push({ name, method, compressedSize, declaredSize, localHeaderOffset, encrypted: (flags & 1) === 1 });
    at = extraEnd + commentLength;
  }
  return entries;
}

/** The compressed bytes of an entry, found through its local header. */
function compressedData(bytes: Uint8Array, r: Reader, entry: ZipEntry): Uint8Array {
  const at = entry.localHeaderOffset;
  if (r.u32(at) !== LOCAL) throw damaged();
  const start = at + 30 + r.u16(at + 26) + r.u16(at + 28);
  const end = start + entry.compressedSize;
  if (end > bytes.length) throw damaged();
  return bytes.subarray(start, end);
}

function concat(chunks: Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/** Inflates `data` in steps; null as soon as its real size passes `limit`. */
function inflateBounded(data: Uint8Array, limit: number): Uint8Array | null {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let over = false;
  const inflater = new Inflate((chunk) => {
    if (over) return;
    total += chunk.length;
    if (total > limit) over = true;
    else chunks.push(chunk); // fflate hands over a copy of its own (slc)
  });
  try {
    if (data.length === 0) inflater.push(new Uint8Array(0), true);
    for (let at = 0; at < data.length && !over; at += STEP)
      inflater.push(data.subarray(at, at + STEP), at + STEP >= data.length);
  } catch {
    throw damaged();
  }
  return over ? null : concat(chunks, total);
}

/**
 * The entries that `wanted` names, inflated within `limits` (whatever their headers claim). ZipError:
 * "damaged", "encrypted", or "too-large" with the entry that passed a limit.
 */
export function readZipEntries(
  bytes: Uint8Array,
  wanted: (name: string) => boolean,
  limits: ZipLimits,
): Map<string, Uint8Array> {
  const r = new Reader(bytes);
  const out = new Map<string, Uint8Array>();
  let total = 0;
  for (const entry of zipEntries(bytes)) {
    if (!wanted(entry.name) || out.has(entry.name)) continue;
    if (entry.encrypted) throw new ZipError(`The entry ${entry.name} is encrypted.`, "encrypted", entry.name);
    const limit = Math.min(limits.maxEntryBytes, limits.maxTotalBytes - total);
    const tooLarge = () => new ZipError(`The entry ${entry.name} is too large once unpacked.`, "too-large", entry.name);
    if (entry.declaredSize > limit) throw tooLarge(); // refused on its own word, before inflating
    const data = compressedData(bytes, r, entry);
    let content: Uint8Array | null;
    if (entry.method === 0) content = data.length > limit ? null : data;
    else if (entry.method === 8) content = inflateBounded(data, limit);
    else throw damaged();
    if (content === null) throw tooLarge();
    total += content.length;
    out.set(entry.name, content);
  }
  return out;
}
