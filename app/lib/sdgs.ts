// The Sustainable Development Goals as recommendations are tagged with them (OHCHR's matrices and the
// UHRI export), and the affected persons beside them. Pure: no database.
import type { TFunction } from "i18next";
import type { ResponseCounts, ResponseRow } from "./dashboard-types";
//
// An SDG is kept as a stable code: a goal "16", a target "16.3" or "16.a". The sources write them in many
// ways ("- 16 - PEACE, JUSTICE AND STRONG INSTITUTIONS" in a matrix, "16 - peace, justice and strong
// institutions" or "Goal 16" elsewhere, "16.3 Promote the rule of law ..." for a target); sdgCode reads
// each. A target stands for its goal too: a recommendation tagged "16.3" is also stored under "16", so that
// the filter and the counts by goal find it.

/** The 17 goals' official short names (the UN's "SDG icons" wording, in sentence case). */
export const SDG_GOALS: Readonly<Record<number, string>> = {
  1: "No poverty",
  2: "Zero hunger",
  3: "Good health and well-being",
  4: "Quality education",
  5: "Gender equality",
  6: "Clean water and sanitation",
  7: "Affordable and clean energy",
  8: "Decent work and economic growth",
  9: "Industry, innovation and infrastructure",
  10: "Reduced inequalities",
  11: "Sustainable cities and communities",
  12: "Responsible consumption and production",
  13: "Climate action",
  14: "Life below water",
  15: "Life on land",
  16: "Peace, justice and strong institutions",
  17: "Partnerships for the goals",
};

/**
 * Each goal's targets (resolution 70/1): numbered ones 1 to n, then lettered ones (means of
 * implementation) "a" to the given letter, if any. 169 in all.
 */
const TARGETS: Readonly<Record<number, [numbered: number, lettered: string]>> = {
  1: [5, "b"],
  2: [5, "c"],
  3: [9, "d"],
  4: [7, "c"],
  5: [6, "c"],
  6: [6, "b"],
  7: [3, "b"],
  8: [10, "b"],
  9: [5, "c"],
  10: [7, "c"],
  11: [7, "c"],
  12: [8, "c"],
  13: [3, "b"],
  14: [7, "c"],
  15: [9, "c"],
  16: [10, "b"],
  17: [19, ""],
};

/** Every goal and target code, in order: "1", "1.1", ..., "1.a", "1.b", "2", ... */
export const SDG_CODES: readonly string[] = Object.entries(TARGETS).flatMap(([goal, [numbered, lettered]]) => [
  goal,
  ...Array.from({ length: numbered }, (_, i) => `${goal}.${i + 1}`),
  ...(lettered ? "abcd".slice(0, "abcd".indexOf(lettered) + 1).split("") : []).map((l) => `${goal}.${l}`),
]);
const KNOWN = new Set(SDG_CODES);
const ORDER = new Map(SDG_CODES.map((code, i) => [code, i]));

/** Letters only, lower case: goal names compared whatever their punctuation and case. */
const nameKey = (name: string) => name.toLowerCase().replace(/[^a-z]+/g, "");
const GOAL_BY_NAME = new Map(Object.entries(SDG_GOALS).map(([goal, name]) => [nameKey(name), goal]));

// "- 16 - PEACE ...", "Goal 16: ...", "SDG 16", "Target 16.3", "16.a ...", "16. Peace ...": the goal's number
// (two digits at most) and what follows a dot directly, the target ("16.e" is no target: null).
const PREFIX_RE =
  /^[\s\-\u2010-\u2015\u2022*]*(?:(?:sustainable\s+development\s+)?(?:goals?|sdgs?|targets?)(?![a-z])\s*[:#-]?\s*)?/i;
const NUMBER_RE = /^(\d{1,2})(?:\.([\p{L}\d]+))?(?![\p{L}\d])/u;

/** The code of one SDG value as a source writes it ("- 16 - PEACE, ...", "Goal 16", "16.3 ..."), or null. */
export function sdgCode(value: string): string | null {
  const rest = value.replace(PREFIX_RE, "");
  const m = NUMBER_RE.exec(rest);
  if (m) {
    const code =
      m[2] === undefined
        ? String(Number(m[1]))
        : `${Number(m[1])}.${/\d/.test(m[2]) ? Number(m[2]) : m[2].toLowerCase()}`;
    return KNOWN.has(code) ? code : null;
  }
  return GOAL_BY_NAME.get(nameKey(rest)) ?? null;
}

/** Codes in their order (goals by number, each before its targets); codes we do not know last. */
export function compareSdgCodes(a: string, b: string): number {
  return (ORDER.get(a) ?? SDG_CODES.length) - (ORDER.get(b) ?? SDG_CODES.length) || (a < b ? -1 : a > b ? 1 : 0);
}

/** The goal of a code ("16.3" -> "16"). */
export function sdgGoal(code: string): string {
  return code.split(".")[0]!;
}

/** Whether a code is a goal (not a target). */
export function isSdgGoal(code: string): boolean {
  return !code.includes(".");
}

/**
 * The codes of a list of SDG values, each once, a target's goal added, in order (goals by number, each
 * before its targets); `unknown`: the values that name no goal or target, as written.
 */
export function normaliseSdgs(values: readonly string[]): { codes: string[]; unknown: string[] } {
  const codes = new Set<string>();
  const unknown: string[] = [];
  for (const value of values) {
    if (value.trim() === "") continue;
    const code = sdgCode(value);
    if (code === null) {
      unknown.push(value.trim());
      continue;
    }
    codes.add(sdgGoal(code));
    codes.add(code);
  }
  return { codes: [...codes].sort(compareSdgCodes), unknown };
}

/**
 * "SDG 16: Peace, justice and strong institutions"; "SDG target 16.3"; a code we do not know as it is. With
 * `t`, in the reader's language (the UN's short names of the goals in each language: filters.sdgGoal).
 */
export function sdgLabel(code: string, t?: TFunction): string {
  if (!KNOWN.has(code)) return code;
  if (!t) return isSdgGoal(code) ? `SDG ${code}: ${SDG_GOALS[Number(code)]}` : `SDG target ${code}`;
  return isSdgGoal(code)
    ? t("filters.sdgGoalLabel", { code, name: t(`filters.sdgGoal.${code as SdgGoalNumber}`) })
    : t("filters.sdgTarget", { code });
}

type SdgGoalNumber =
  "1" | "2" | "3" | "4" | "5" | "6" | "7" | "8" | "9" | "10" | "11" | "12" | "13" | "14" | "15" | "16" | "17";

/**
 * Affected persons (or groups of persons) as the sources write them: trimmed, runs of spaces made one,
 * each label once (as written: "Women" and "women" are two labels), in the order given.
 */
export function affectedPersonLabels(values: readonly string[]): string[] {
  const labels: string[] = [];
  for (const value of values) {
    const label = value.replace(/[\s\u00a0]+/g, " ").trim();
    if (label !== "" && !labels.includes(label)) labels.push(label);
  }
  return labels;
}

/**
 * The dashboard's responses per SDG: one row per goal held (targets count under their goal, which is
 * stored with them), in the goals' order, labelled "SDG 16: Peace, justice and strong institutions".
 * A recommendation tagged with several goals counts once under each.
 */
export function sdgResponseRows(counts: readonly ({ goal: string } & ResponseCounts)[]): ResponseRow[] {
  return counts
    .filter((c) => isSdgGoal(c.goal) && KNOWN.has(c.goal))
    .sort((a, b) => compareSdgCodes(a.goal, b.goal))
    .map((c) => ({ key: c.goal, label: sdgLabel(c.goal), supported: c.supported, noted: c.noted, pending: c.pending }));
}
