import { defineConfig } from "vitest/config";
import path from "node:path";

const alias = { "~": path.resolve(__dirname, "app") };

export default defineConfig({
  resolve: { alias },
  test: {
    // Two cores: embedded databases are heavy, so keep parallelism modest.
    maxWorkers: 2,
    minWorkers: 1,
    projects: [
      { resolve: { alias }, test: { name: "unit", include: ["tests/unit/**/*.test.ts"], environment: "node" } },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          globalSetup: ["tests/global-setup.ts"],
          environment: "node",
          // Sized for a two-core machine running another test suite beside this one: opening, migrating and
          // seeding an embedded database took over 120 s in a hook there (10 s on a quiet machine).
          testTimeout: 120_000,
          hookTimeout: 300_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts"],
          globalSetup: ["tests/global-setup.ts"],
          environment: "node",
          testTimeout: 120_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
