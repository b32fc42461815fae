import { describe, expect, it } from "vitest";
import { parseEnv } from "~/env.server";
import {
  backupFileName,
  foreignKeyOrder,
  newestRollingBackup,
  nextRollingBackupDelay,
  parseBackupFileName,
  restoreRefusal,
  rollingBackupsToDelete,
} from "~/lib/backup-format";

const SCHEMA = "2026-11-26T2000-sign-in-attempts";
const auto = (at: string) => `upr-monitor-${at}-${SCHEMA}.auto.jsonl.gz`;

describe("backup file names", () => {
  it("name the time (UTC, no colons) and the schema version, and read back", () => {
    const at = new Date("2026-11-26T19:36:15.438Z");
    expect(backupFileName({ schemaVersion: SCHEMA, at })).toBe(`upr-monitor-20261126T193615Z-${SCHEMA}.jsonl.gz`);
    expect(backupFileName({ schemaVersion: SCHEMA, at, kind: "auto" })).toBe(auto("20261126T193615Z"));
    expect(backupFileName({ schemaVersion: SCHEMA, at, kind: "before-restore" })).toBe(
      `upr-monitor-20261126T193615Z-${SCHEMA}.before-restore.jsonl.gz`,
    );
    for (const kind of ["manual", "auto", "before-restore"] as const) {
      expect(parseBackupFileName(backupFileName({ schemaVersion: SCHEMA, at, kind }))).toEqual({
        at: new Date("2026-11-26T19:36:15Z"),
        schemaVersion: SCHEMA,
        kind,
      });
    }
  });
  it("ignore other files", () => {
    for (const name of [
      "notes.txt",
      "upr-monitor-2026-11-26.jsonl.gz",
      `upr-monitor-20261126T193615Z-${SCHEMA}.jsonl.gz.partial`,
      `upr-monitor-20261126T193615Z-${SCHEMA}.weekly.jsonl.gz`,
    ]) {
      expect(parseBackupFileName(name), name).toBeNull();
    }
  });
});

describe("rolling backups", () => {
  const names = [
    auto("20261120T000000Z"),
    auto("20261126T000000Z"),
    auto("20261122T000000Z"),
    `upr-monitor-20201120T000000Z-${SCHEMA}.jsonl.gz`,
    `upr-monitor-20201120T000000Z-${SCHEMA}.before-restore.jsonl.gz`,
    "notes.txt",
  ];
  it("delete only rolling backups beyond the newest N", () => {
    expect(rollingBackupsToDelete(names, 2)).toEqual([auto("20261120T000000Z")]);
    expect(rollingBackupsToDelete(names, 7)).toEqual([]);
    expect(rollingBackupsToDelete(names, 0).sort()).toEqual([
      auto("20261120T000000Z"),
      auto("20261122T000000Z"),
      auto("20261126T000000Z"),
    ]);
  });
  it("run at once when the newest is older than the interval, else when it is due", () => {
    const day = 24 * 3600_000;
    expect(newestRollingBackup(names)).toEqual(new Date("2026-11-26T00:00:00Z"));
    expect(nextRollingBackupDelay([], day, new Date())).toBe(0);
    expect(nextRollingBackupDelay(names, day, new Date("2026-11-28T00:00:00Z"))).toBe(0);
    expect(nextRollingBackupDelay(names, day, new Date("2026-11-26T18:00:00Z"))).toBe(6 * 3600_000);
    // A newest backup "in the future" (a clock that moved back) waits one interval, not longer.
    expect(nextRollingBackupDelay(names, day, new Date("2026-11-20T00:00:00Z"))).toBe(day);
  });
  it("are configured by BACKUP_KEEP and BACKUP_INTERVAL_HOURS", () => {
    expect(parseEnv({})).toMatchObject({ BACKUP_KEEP: 7, BACKUP_INTERVAL_HOURS: 24 });
    expect(parseEnv({ BACKUP_KEEP: "0", BACKUP_INTERVAL_HOURS: "6" })).toMatchObject({
      BACKUP_KEEP: 0,
      BACKUP_INTERVAL_HOURS: 6,
    });
    expect(parseEnv({ BACKUP_KEEP: "", BACKUP_INTERVAL_HOURS: " " })).toMatchObject({
      BACKUP_KEEP: 7,
      BACKUP_INTERVAL_HOURS: 24,
    });
    expect(() => parseEnv({ BACKUP_KEEP: "seven" })).toThrow(/^BACKUP_KEEP must be a whole number/);
    expect(() => parseEnv({ BACKUP_KEEP: "-1" })).toThrow(/^BACKUP_KEEP /);
    expect(() => parseEnv({ BACKUP_INTERVAL_HOURS: "0" })).toThrow(/^BACKUP_INTERVAL_HOURS must be at least/);
  });
});

describe("restoreRefusal", () => {
  const known = ["a-1", "b-2", "c-3"];
  it("accepts the same or an older schema", () => {
    expect(restoreRefusal({ formatVersion: 1, schemaVersion: "c-3", migrations: known }, known)).toBeNull();
    expect(restoreRefusal({ formatVersion: 1, schemaVersion: "a-1", migrations: ["a-1"] }, known)).toBeNull();
  });
  it("refuses a newer schema or format, and a different history", () => {
    expect(restoreRefusal({ formatVersion: 1, schemaVersion: "d-4", migrations: [...known, "d-4"] }, known)).toBe(
      "this backup comes from a newer version of UPR Monitor (schema d-4; this app knows up to c-3); upgrade the app first",
    );
    expect(restoreRefusal({ formatVersion: 2, schemaVersion: "a-1", migrations: ["a-1"] }, known)).toMatch(
      /newer version of UPR Monitor \(backup format 2/,
    );
    expect(restoreRefusal({ formatVersion: 1, schemaVersion: "b-2", migrations: ["b-2"] }, known)).toMatch(
      /are not the first ones of this app's/,
    );
  });
});

describe("foreignKeyOrder", () => {
  it("puts parents first, ties by name, and survives cycles and self-references", () => {
    const refs = [
      { table: "review", references: "state" },
      { table: "recommendation", references: "review" },
      { table: "assessment", references: "recommendation" },
      { table: "assessment", references: "app_user" },
      { table: "app_user", references: "organisation" },
      { table: "state", references: "state" },
    ];
    expect(
      foreignKeyOrder(["assessment", "recommendation", "review", "state", "app_user", "organisation"], refs),
    ).toEqual(["organisation", "state", "app_user", "review", "recommendation", "assessment"]);
    expect(
      foreignKeyOrder(
        ["a", "b"],
        [
          { table: "a", references: "b" },
          { table: "b", references: "a" },
        ],
      ),
    ).toEqual(["a", "b"]);
  });
});
