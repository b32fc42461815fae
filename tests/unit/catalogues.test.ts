// Every message exists in every language (issue #29): the same keys in each catalogue, each plural in every
// form its language's rules name (Intl.PluralRules), the same placeholders ({{count}}) and the same
// numbered tags (<0>...</0>) as the English message, and nothing empty.
import { describe, expect, it } from "vitest";
import { CATALOGUES } from "~/i18n/catalogues.server";
import { LANGUAGE_CODES, type Language } from "~/i18n/languages";

const PLURAL = /_(zero|one|two|few|many|other)$/;

function flatten(tree: unknown, prefix = "", out = new Map<string, string>()): Map<string, string> {
  if (typeof tree === "string") out.set(prefix, tree);
  else if (tree && typeof tree === "object")
    for (const [k, v] of Object.entries(tree)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  else out.set(prefix, String(tree));
  return out;
}

/** Keys with their plural suffix taken off: "common.recommendationCount_one" -> "common.recommendationCount". */
function baseKeys(messages: Map<string, string>): Map<string, string[]> {
  const bases = new Map<string, string[]>();
  for (const key of messages.keys()) {
    const m = PLURAL.exec(key);
    const base = m ? key.slice(0, -m[0].length) : key;
    bases.set(base, [...(bases.get(base) ?? []), m ? m[1]! : ""]);
  }
  return bases;
}

const placeholders = (s: string) => [...s.matchAll(/\{\{\s*([\w.]+)[^}]*\}\}/g)].map((m) => m[1]).sort();
const tags = (s: string) => [...s.matchAll(/<(\/?\d+)>/g)].map((m) => m[1]).sort();

const english = flatten(CATALOGUES.en);
const englishBases = baseKeys(english);

describe.each(LANGUAGE_CODES.filter((l) => l !== "en"))("the %s catalogue", (lng) => {
  const messages = flatten(CATALOGUES[lng as Language]);
  const bases = baseKeys(messages);
  const categories = new Intl.PluralRules(lng).resolvedOptions().pluralCategories;

  it("has every English message, and none that English lacks", () => {
    expect([...bases.keys()].filter((k) => !englishBases.has(k))).toEqual([]);
    expect([...englishBases.keys()].filter((k) => !bases.has(k))).toEqual([]);
  });

  it("has each plural in every form the language's rules use, and no other", () => {
    const wrong: string[] = [];
    for (const [base, forms] of englishBases) {
      if (forms.every((f) => f === "")) continue;
      const theirs = (bases.get(base) ?? []).sort();
      if (JSON.stringify(theirs) !== JSON.stringify([...categories].sort())) wrong.push(`${base}: ${theirs.join(",")}`);
    }
    expect(wrong).toEqual([]);
  });

  it("keeps every placeholder and tag of the English message, and leaves none empty", () => {
    const wrong: string[] = [];
    for (const [key, text] of messages) {
      const m = PLURAL.exec(key);
      const base = m ? key.slice(0, -m[0].length) : key;
      const en = english.get(key) ?? english.get(`${base}_other`) ?? english.get(base);
      if (en === undefined) continue;
      if (text.trim() === "") wrong.push(`${key}: empty`);
      // A plural's singular may spell out its number ("توصية واحدة", "une"): {{count}} may be left out there.
      const need = placeholders(en).filter((p) => !(p === "count" && m && m[1] !== "other" && m[1] !== "many"));
      const have = placeholders(text);
      if (need.some((p) => !have.includes(p)) || have.some((p) => !placeholders(en).includes(p)))
        wrong.push(`${key}: placeholders ${have.join(",")} against ${placeholders(en).join(",")}`);
      if (JSON.stringify(tags(text)) !== JSON.stringify(tags(en))) wrong.push(`${key}: tags ${tags(text).join(",")}`);
    }
    expect(wrong).toEqual([]);
  });
});

describe("the English catalogue", () => {
  it("has a plural's one and other forms together, and no empty message", () => {
    for (const [base, forms] of englishBases) {
      if (forms.some((f) => f !== "")) expect(forms.sort(), base).toEqual(["one", "other"]);
    }
    expect([...english].filter(([, v]) => v.trim() === "")).toEqual([]);
  });
});
