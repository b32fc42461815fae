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
const SCRIPTS = layer(
  ["**/scripts/**", "**/bench/**"],
  "The app does not import the command-line scripts or the benchmarks.",
);
const BENCH = layer(["**/bench/**"], "The operational commands (scripts/) do not import the benchmarks (bench/).");
const SERVER = layer(["**/server/**"], "The app does not import the HTTP server (server/).");
/** The import wing (app/import/): readers (pure) <- store (database) <- the use case; panels draw. */
const IMPORT_WING = layer(
  [
    "**/import/readers",
    "**/import/readers/**",
    "**/import/store/**",
    "**/import/panels/**",
    "**/import/*.server",
    "~/import/**",
  ],
  "The import wing (app/import/) and the parsing workers (app/parsing/) stand above app/lib and app/models: they may not import them.",
);
const IMPORT_STORE = layer(
  ["**/store/**", "~/import/store/**"],
  "Only the wing's use case and uploads use the import store.",
);
const IMPORT_PANELS = layer(["**/panels/**", "~/import/panels/**"], "Only routes use the import panels.");
const IMPORT_USE_CASE = layer(
  ["../*.server", "../../*.server", "~/import/*.server"],
  "The wing's use case (app/import/*.server.ts) stands on top of readers and store: they may not import it.",
);

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
  {
    files: ["app/lib/**"],
    rules: restrict(ROUTES, COMPONENTS, MODELS, SERVER_MODULES, DB, SCRIPTS, SERVER, IMPORT_WING),
  },
  { files: ["app/models/**"], rules: restrict(ROUTES, COMPONENTS, SCRIPTS, SERVER, IMPORT_WING) },
  // Inside the import wing (docs/architecture.md): readers are pure like app/lib; the store writes like
  // app/models; panels draw like components; the use case (app/import/*.server.ts) calls readers and store.
  {
    files: ["app/import/readers/**"],
    rules: restrict(
      ROUTES,
      COMPONENTS,
      MODELS,
      SERVER_MODULES,
      DB,
      SCRIPTS,
      SERVER,
      IMPORT_STORE,
      IMPORT_PANELS,
      IMPORT_USE_CASE,
    ),
  },
  {
    files: ["app/import/store/**"],
    rules: restrict(ROUTES, COMPONENTS, SCRIPTS, SERVER, IMPORT_PANELS, IMPORT_USE_CASE),
  },
  {
    files: ["app/import/panels/**"],
    rules: restrict(
      ROUTES,
      MODELS,
      IMPORT_STORE,
      layer(
        ["**/*.server", "**/*.server.ts", "~/*.server", "~/**/*.server"],
        "Panels run in the browser too: no server modules.",
      ),
      SCRIPTS,
      SERVER,
    ),
  },
  { files: ["app/import/*.ts"], rules: restrict(ROUTES, COMPONENTS, IMPORT_PANELS, SCRIPTS, SERVER) },
  // Parsing workers (app/parsing/) run the pure readers off the request path: no database, no pages.
  {
    files: ["app/parsing/**"],
    rules: restrict(ROUTES, COMPONENTS, MODELS, IMPORT_STORE, IMPORT_PANELS, IMPORT_USE_CASE, SCRIPTS, SERVER),
  },
  {
    files: ["app/components/**"],
    rules: restrict(
      ROUTES,
      MODELS,
      IMPORT_WING,
      layer(["**/*.server", "**/*.server.ts", "~/*.server"], "Components run in the browser too: no server modules."),
      SCRIPTS,
      SERVER,
    ),
  },
  { files: ["app/routes/**", "app/*.ts", "app/*.tsx"], rules: restrict(ROUTES, SCRIPTS, SERVER) },
  // Request plumbing (app/http/: session, headers, a request's filter, the set-up token): no pages, no drawing.
  { files: ["app/http/**"], rules: restrict(ROUTES, COMPONENTS, IMPORT_PANELS, SCRIPTS, SERVER) },
  { files: ["db/**"], rules: restrict(APP) },
  { files: ["scripts/**", "server/**"], rules: restrict(ROUTES, BENCH) },
  // Benchmarks (bench/) measure the app from outside: they may run SQL of their own and use any model, never a route.
  { files: ["bench/**"], rules: restrict(ROUTES) },
);
