// Every message exists in every language (issue #29): the same keys in each catalogue, each plural in every
// form its language's rules name (Intl.PluralRules), the same placeholders ({{count}}) and the same
// numbered tags (<0>...</0>) as the English message, and nothing empty.
import { describe, expect, it } from "vitest";
import { CATALOGUES } from "~/i18n/catalogues.server";
import { LANGUAGE_CODES, type Language } from "~/i18n/languages";

/** A plural form's suffix: cardinal ("_one") or ordinal ("_ordinal_two", as in "2nd"). */
const PLURAL = /_(?:(ordinal)_)?(zero|one|two|few|many|other)$/;

function flatten(tree: unknown, prefix = "", out = new Map<string, string>()): Map<string, string> {
  if (typeof tree === "string") out.set(prefix, tree);
  else if (tree && typeof tree === "object")
    for (const [k, v] of Object.entries(tree)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  else out.set(prefix, String(tree));
  return out;
}

/**
 * Keys with their plural suffix taken off ("common.recommendationCount_one" -> "common.recommendationCount",
 * "x_ordinal_two" -> "x" with the form "ordinal two"), each with the forms it has ("" for a plain message).
 */
function baseKeys(messages: Map<string, string>): Map<string, string[]> {
  const bases = new Map<string, string[]>();
  for (const key of messages.keys()) {
    const m = PLURAL.exec(key);
    const base = m ? key.slice(0, -m[0].length) : key;
    bases.set(base, [...(bases.get(base) ?? []), m ? (m[1] ? `ordinal ${m[2]}` : m[2]!) : ""]);
  }
  return bases;
}

/** The forms a plural needs in a language: the cardinal or ordinal categories of its rules. */
function formsOf(lng: string, ordinal: boolean): string[] {
  const categories = new Intl.PluralRules(lng, { type: ordinal ? "ordinal" : "cardinal" }).resolvedOptions()
    .pluralCategories;
  return categories.map((c) => (ordinal ? `ordinal ${c}` : c)).sort();
}

const placeholders = (s: string) => [...s.matchAll(/\{\{\s*([\w.]+)[^}]*\}\}/g)].map((m) => m[1]).sort();
const tags = (s: string) => [...s.matchAll(/<(\/?\d+)>/g)].map((m) => m[1]).sort();

const english = flatten(CATALOGUES.en);
const englishBases = baseKeys(english);

describe.each(LANGUAGE_CODES.filter((l) => l !== "en"))("the %s catalogue", (lng) => {
  const messages = flatten(CATALOGUES[lng as Language]);
  const bases = baseKeys(messages);

  it("has every English message, and none that English lacks", () => {
    expect([...bases.keys()].filter((k) => !englishBases.has(k))).toEqual([]);
    expect([...englishBases.keys()].filter((k) => !bases.has(k))).toEqual([]);
  });

  it("has each plural in every form the language's rules use, and no other", () => {
    const wrong: string[] = [];
    for (const [base, forms] of englishBases) {
      if (forms.every((f) => f === "")) continue;
      const theirs = (bases.get(base) ?? []).sort();
      const need = formsOf(lng, forms[0]!.startsWith("ordinal"));
      if (JSON.stringify(theirs) !== JSON.stringify(need)) wrong.push(`${base}: ${theirs.join(",")}`);
    }
    expect(wrong).toEqual([]);
  });

  it("keeps every placeholder and tag of the English message, and leaves none empty", () => {
    const wrong: string[] = [];
    for (const [key, text] of messages) {
      const m = PLURAL.exec(key);
      const base = m ? key.slice(0, -m[0].length) : key;
      if (text.trim() === "") wrong.push(`${key}: empty`);
      const have = placeholders(text);
      if (!m) {
        const en = english.get(key);
        if (en === undefined) continue;
        if (JSON.stringify(have) !== JSON.stringify(placeholders(en)))
          wrong.push(`${key}: placeholders ${have.join(",")} against ${placeholders(en).join(",")}`);
        if (JSON.stringify(tags(text)) !== JSON.stringify(tags(en))) wrong.push(`${key}: tags ${tags(text).join(",")}`);
        continue;
      }
      // A plural: its forms may say their number in words ("توصيتان", "une"), so a form may leave a placeholder
      // out, except the general form ("other"), which must hold every one the English general form holds; no
      // form may add one that no English form of it has.
      const englishForms = [...english].filter(
        ([k]) => k.startsWith(base) && PLURAL.exec(k) && k.slice(0, -PLURAL.exec(k)![0].length) === base,
      );
      const known = new Set(englishForms.flatMap(([, v]) => placeholders(v)));
      const general = english.get(`${base}_${m[1] ? "ordinal_" : ""}other`) ?? "";
      if (have.some((p) => !known.has(p))) wrong.push(`${key}: placeholders ${have.join(",")} not in English`);
      if (m[2] === "other" && placeholders(general).some((p) => !have.includes(p)))
        wrong.push(`${key}: placeholders ${have.join(",")} against ${placeholders(general).join(",")}`);
      if (JSON.stringify(tags(text)) !== JSON.stringify(tags(general)))
        wrong.push(`${key}: tags ${tags(text).join(",")}`);
    }
    expect(wrong).toEqual([]);
  });
});

describe("the English catalogue", () => {
  it("has a plural's one and other forms together, and no empty message", () => {
    for (const [base, forms] of englishBases) {
      if (forms.some((f) => f !== ""))
        expect(forms.sort(), base).toEqual(formsOf("en", forms[0]!.startsWith("ordinal")));
    }
    expect([...english].filter(([, v]) => v.trim() === "")).toEqual([]);
  });
});
