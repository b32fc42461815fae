// The header's menu: one entry per line, in the order shown. `who` says who sees an entry: everyone,
// signed-in editors and admins, or admins only. Pure (app/root.tsx draws it).

export interface NavEntry {
  to: string;
  label: string;
  who: "everyone" | "editor" | "admin";
  /** Active only on this exact address (the home page), not on the pages below it. */
  end?: boolean;
}

export const NAV: readonly NavEntry[] = [
  { to: "/", label: "Reviews", who: "everyone", end: true },
  { to: "/reviews", label: "Every state", who: "everyone" },
  { to: "/dashboard", label: "Dashboard", who: "everyone" },
  { to: "/recommendations", label: "Recommendations", who: "everyone" },
  { to: "/issues", label: "Coalition issues", who: "everyone" },
  { to: "/states", label: "States", who: "everyone" },
  { to: "/changes", label: "Changes", who: "everyone" },
  { to: "/submissions", label: "Submissions", who: "everyone" },
  { to: "/calendar", label: "Calendar", who: "everyone" },
  { to: "/assessments/bulk", label: "Assess many", who: "editor" },
  { to: "/import", label: "Import", who: "editor" },
  { to: "/admin/users", label: "Users", who: "admin" },
  { to: "/admin/audit", label: "Audit log", who: "admin" },
  { to: "/admin/imports", label: "Imports", who: "admin" },
  { to: "/admin/backup", label: "Backup", who: "admin" },
  { to: "/admin/sample", label: "Sample data", who: "admin" },
];

/** The entries a reader with this role sees (null: not signed in). */
export function navFor(role: "editor" | "admin" | null): NavEntry[] {
  return NAV.filter((e) => e.who === "everyone" || (role !== null && (e.who === "editor" || role === "admin")));
}
