import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "~/env.server";

describe("parseEnv", () => {
  it("has defaults for a new user", () => {
    const env = parseEnv({});
    expect(env).toMatchObject({ DATA_DIR: "./data", PORT: 3000, HOST: "localhost", DEFAULT_STATE: "KEN" });
    expect(env.DATABASE_URL).toBeUndefined();
  });
  it("reads the configuration", () => {
    const env = parseEnv({
      DATABASE_URL: "postgres://u@db:5432/upr",
      PORT: "8080",
      HOST: "0.0.0.0",
      DATA_DIR: "/srv/upr",
    });
    expect(env).toMatchObject({
      DATABASE_URL: "postgres://u@db:5432/upr",
      PORT: 8080,
      HOST: "0.0.0.0",
      DATA_DIR: "/srv/upr",
    });
  });
  it("treats an empty DATABASE_URL as unset", () => {
    expect(parseEnv({ DATABASE_URL: "" }).DATABASE_URL).toBeUndefined();
  });
  it.each([
    [{ DATABASE_URL: "mysql://x@y/z" }, /DATABASE_URL/],
    [{ DATABASE_URL: "not a url" }, /DATABASE_URL/],
    [{ PORT: "eighty" }, /PORT/],
    [{ PORT: "70000" }, /PORT/],
    [{ DEFAULT_STATE: "Kenya" }, /DEFAULT_STATE/],
  ])("names the bad setting %o", (source, pattern) => {
    expect(() => parseEnv(source)).toThrow(EnvError);
    expect(() => parseEnv(source)).toThrow(pattern);
  });
  it("DATABASE_PREPARE: prepared statements on unless set to false (behind PgBouncer in transaction mode)", () => {
    expect(parseEnv({}).DATABASE_PREPARE).toBe(true);
    expect(parseEnv({ DATABASE_PREPARE: "" }).DATABASE_PREPARE).toBe(true);
    expect(parseEnv({ DATABASE_PREPARE: "false" }).DATABASE_PREPARE).toBe(false);
    expect(() => parseEnv({ DATABASE_PREPARE: "no" })).toThrow(/^DATABASE_PREPARE must be true or false/);
  });
  it("LOG_FORMAT: text lines unless json is asked for", () => {
    expect(parseEnv({}).LOG_FORMAT).toBe("text");
    expect(parseEnv({ LOG_FORMAT: "json" }).LOG_FORMAT).toBe("json");
    expect(() => parseEnv({ LOG_FORMAT: "xml" })).toThrow(/^LOG_FORMAT must be text/);
  });
});
