// app/lib/text/zip.ts: entries from the central directory, only the wanted ones inflated, each bounded
// by its real inflated size whatever the archive claims.
import zlib from "node:zlib";
import { zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { readZipEntries, zipEntries, ZipError } from "~/lib/text/zip";
import { repeatedDeflate, zip } from "../../../bench/lib/hostile-probes";

const text = (bytes: Uint8Array | undefined) => Buffer.from(bytes ?? []).toString("utf8");
const MB = 1024 * 1024;

function errorOf(fn: () => unknown): ZipError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ZipError) return error;
    throw error;
  }
  throw new Error("no ZipError was thrown");
}

describe("zip entries", () => {
  const archive = zipSync({
    "a.xml": new TextEncoder().encode("<a>" + "x".repeat(10_000) + "</a>"),
    "dir/b.txt": [new TextEncoder().encode("bee"), { level: 0 }],
    "c.bin": [new Uint8Array(3), { level: 0 }],
  });

  it("lists every entry from the central directory with its method and sizes", () => {
    const entries = zipEntries(archive);
    expect(entries.map((e) => [e.name, e.method, e.declaredSize])).toEqual([
      ["a.xml", 8, 10_007],
      ["dir/b.txt", 0, 3],
      ["c.bin", 0, 3],
    ]);
  });

  it("inflates only the entries asked for, deflated or stored", () => {
    const got = readZipEntries(archive, (n) => n !== "c.bin", { maxEntryBytes: MB, maxTotalBytes: MB });
    expect([...got.keys()]).toEqual(["a.xml", "dir/b.txt"]);
    expect(text(got.get("a.xml"))).toBe("<a>" + "x".repeat(10_000) + "</a>");
    expect(text(got.get("dir/b.txt"))).toBe("bee");
  });

  it("a part that inflates past the limit while its header claims 1,000 bytes is stopped at the limit", () => {
    const bomb = zip([
      { name: "small.txt", data: zlib.deflateRawSync(Buffer.from("fine")) },
      { name: "bomb.xml", data: repeatedDeflate("<x>", "a", 1024 * MB, "</x>"), claimedSize: 1_000 },
    ]);
    expect(bomb.length).toBeLessThan(2 * MB); // a gigabyte once inflated
    const error = errorOf(() => readZipEntries(bomb, () => true, { maxEntryBytes: 8 * MB, maxTotalBytes: 16 * MB }));
    expect(error.kind).toBe("too-large");
    expect(error.entry).toBe("bomb.xml");
    // Not asked for: never inflated, so no refusal.
    const small = readZipEntries(bomb, (n) => n === "small.txt", { maxEntryBytes: 8 * MB, maxTotalBytes: 16 * MB });
    expect(text(small.get("small.txt"))).toBe("fine");
  });

  it("the total over all entries is bounded too, and a part that claims more than the limit is refused unread", () => {
    const parts = zipSync({ "1": new Uint8Array(600_000), "2": new Uint8Array(600_000) });
    expect(errorOf(() => readZipEntries(parts, () => true, { maxEntryBytes: MB, maxTotalBytes: MB })).entry).toBe("2");
    const claims = zip([{ name: "big", data: zlib.deflateRawSync(Buffer.from("tiny")), claimedSize: 2 * MB }]);
    expect(errorOf(() => readZipEntries(claims, () => true, { maxEntryBytes: MB, maxTotalBytes: MB })).kind).toBe(
      "too-large",
    );
  });

  it("damaged archives and encrypted entries are told apart", () => {
    expect(errorOf(() => zipEntries(new Uint8Array(100))).kind).toBe("damaged");
    expect(errorOf(() => zipEntries(archive.subarray(0, archive.length - 30))).kind).toBe("damaged");
    const corrupt = zip([{ name: "x", data: new Uint8Array([0xff, 0xff, 0xff, 0xff]) }]);
    expect(errorOf(() => readZipEntries(corrupt, () => true, { maxEntryBytes: MB, maxTotalBytes: MB })).kind).toBe(
      "damaged",
    );
    const encrypted = Buffer.from(zipSync({ secret: new Uint8Array(4) }));
    const central = encrypted.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    encrypted.writeUInt16LE(1, central + 8); // the "encrypted" flag
    expect(errorOf(() => readZipEntries(encrypted, () => true, { maxEntryBytes: MB, maxTotalBytes: MB })).kind).toBe(
      "encrypted",
    );
  });
});
