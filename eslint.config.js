// ESLint (flat config): TypeScript, React hooks, accessibility, and the one-way layers of
// docs/architecture.md. `npm run lint` runs it on the whole tree; .ci/run fails when it fails.
import js from "@eslint/js";
import jsxA11y from "eslint-plugin-jsx-a11y";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

/** An import of a layer a folder may not reach: the patterns, and why (shown in the error). */
const layer = (group, message) => ({ group, message });

const ROUTES = layer(
  ["**/routes/**", "~/routes/**"],
  "Nothing imports a route: move what is shared to app/lib (pure) or app/models (database).",
);
const COMPONENTS = layer(["**/components/**", "~/components/**"], "Only routes and components use components.");
const MODELS = layer(
  ["**/models/**", "~/models/**"],
  "app/lib is pure: a model may call lib, not the other way round.",
);
const SERVER_MODULES = layer(
  ["**/*.server", "**/*.server.ts", "~/*.server", "!./*.server", "!./**/*.server"],
  "app/lib may not import server modules outside app/lib (the database, the session, the environment).",
);
/** db/schema.ts is the vocabulary (statuses, responses, regional groups) and the table types: pure, so lib may use it. */
const DB = layer(
  ["**/db/*", "!**/db/schema"],
  "app/lib is pure: only db/schema (the vocabulary and table types) may be imported here.",
);
const APP = layer(["**/app/*", "**/app/**", "~/*", "~/**"], "db/ stands below app/: it may not import app code.");
const SCRIPTS = layer(["**/scripts/**"], "The app does not import the command-line scripts.");
const SERVER = layer(["**/server/**"], "The app does not import the HTTP server (server/).");

const restrict = (...patterns) => ({ "no-restricted-imports": ["error", { patterns }] });

export default tseslint.config(
  { ignores: ["build/**", "node_modules/**", "data/**", "public/build/**", ".cache/**", "coverage/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        console: "readonly",
        process: "readonly",
        Buffer: "readonly",
        URL: "readonly",
        URLSearchParams: "readonly",
      },
    },
    rules: {
      // What the code does on purpose: `Kysely<any>` for the catalog and frozen migrations; `_name` for an unused parameter.
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" },
      ],
      "@typescript-eslint/no-non-null-assertion": "off",
      // TypeScript checks these (typecheck runs before lint).
      "no-undef": "off",
      "no-redeclare": "off",
    },
  },
  {
    files: ["app/**/*.tsx", "app/components/**"],
    plugins: { "react-hooks": reactHooks, "jsx-a11y": jsxA11y },
    rules: { ...reactHooks.configs.recommended.rules, ...jsxA11y.flatConfigs.recommended.rules },
  },

  // The layers: routes -> models -> db, app/lib pure below both, components for routes.
  { files: ["app/lib/**"], rules: restrict(ROUTES, COMPONENTS, MODELS, SERVER_MODULES, DB, SCRIPTS, SERVER) },
  { files: ["app/models/**"], rules: restrict(ROUTES, COMPONENTS, SCRIPTS, SERVER) },
  {
    files: ["app/components/**"],
    rules: restrict(
      ROUTES,
      MODELS,
      layer(["**/*.server", "**/*.server.ts", "~/*.server"], "Components run in the browser too: no server modules."),
      SCRIPTS,
      SERVER,
    ),
  },
  { files: ["app/routes/**", "app/*.ts", "app/*.tsx"], rules: restrict(ROUTES, SCRIPTS, SERVER) },
  { files: ["db/**"], rules: restrict(APP) },
  { files: ["scripts/**", "server/**"], rules: restrict(ROUTES) },
);
