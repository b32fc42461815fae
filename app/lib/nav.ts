// The header's menu: one entry per line, in the order shown. `who` says who sees an entry: everyone,
// signed-in editors and admins, or admins only. Pure (app/root.tsx draws it).

type NavLabel =
  | "reviews"
  | "everyState"
  | "dashboard"
  | "recommendations"
  | "issues"
  | "states"
  | "changes"
  | "submissions"
  | "calendar"
  | "assessMany"
  | "import"
  | "users"
  | "auditLog"
  | "imports"
  | "backup"
  | "sampleData";

export interface NavEntry {
  to: string;
  /** The entry's words: its key under layout.nav in the catalogues (app/locales). */
  label: NavLabel;
  who: "everyone" | "editor" | "admin";
  /** Active only on this exact address (the home page), not on the pages below it. */
  end?: boolean;
}

export const NAV: readonly NavEntry[] = [
  { to: "/", label: "reviews", who: "everyone", end: true },
  { to: "/reviews", label: "everyState", who: "everyone" },
  { to: "/dashboard", label: "dashboard", who: "everyone" },
  { to: "/recommendations", label: "recommendations", who: "everyone" },
  { to: "/issues", label: "issues", who: "everyone" },
  { to: "/states", label: "states", who: "everyone" },
  { to: "/changes", label: "changes", who: "everyone" },
  { to: "/submissions", label: "submissions", who: "everyone" },
  { to: "/calendar", label: "calendar", who: "everyone" },
  { to: "/assessments/bulk", label: "assessMany", who: "editor" },
  { to: "/import", label: "import", who: "editor" },
  { to: "/admin/users", label: "users", who: "admin" },
  { to: "/admin/audit", label: "auditLog", who: "admin" },
  { to: "/admin/imports", label: "imports", who: "admin" },
  { to: "/admin/backup", label: "backup", who: "admin" },
  { to: "/admin/sample", label: "sampleData", who: "admin" },
];

/** The entries a reader with this role sees (null: not signed in). */
export function navFor(role: "editor" | "admin" | null): NavEntry[] {
  return NAV.filter((e) => e.who === "everyone" || (role !== null && (e.who === "editor" || role === "admin")));
}
