/**
 * Resolve a state name as written in UPR sources (UN documents, UPR Info, UHRI, our template) to
 * its ISO 3166 alpha-3 code, a canonical display name and its UN regional group.
 */
import countries from "i18n-iso-countries";
import en from "i18n-iso-countries/langs/en.json";
import { decodeHtmlEntities } from "../text/html";
import { REGIONAL_GROUPS, type RegionalGroup, UN_STATES, unStateByIso3 } from "./un-member-states";

// In Node the package registers every locale itself; in a browser bundle it registers none.
countries.registerLocale(en);

export type ResolvedState = {
  readonly name: string;
  readonly iso3: string | null;
  readonly regionalGroup: RegionalGroup | null;
};

/**
 * UPR / UN / common spellings that i18n-iso-countries does not know (or knows ambiguously, like
 * "Congo"). Keys are compared after `nameKey` normalisation, so "&"/"and", "St"/"Saint",
 * accents, apostrophes, punctuation, case and a leading "The" do not matter here.
 */
const ALIASES: Record<string, string> = {
  // UPR Info spellings
  "DPR Korea": "PRK",
  DPRK: "PRK",
  "Korea DPR": "PRK",
  "Korea, Democratic People's Republic of": "PRK",
  "Lao PDR": "LAO",
  Laos: "LAO",
  Syria: "SYR",
  "Viet Nam": "VNM",
  Moldova: "MDA",
  Macedonia: "MKD",
  "Macedonia FYR": "MKD",
  "FYR Macedonia": "MKD",
  "Macedonia (FYR)": "MKD",
  FYROM: "MKD",
  "The former Yugoslav Republic of Macedonia": "MKD",
  Swaziland: "SWZ",
  "Kingdom of Eswatini": "SWZ",
  Micronesia: "FSM",
  "Federated States of Micronesia": "FSM",
  "DR Congo": "COD",
  "Congo DR": "COD",
  "Congo, DR": "COD",
  "Congo (DR)": "COD",
  DRC: "COD",
  "Democratic Republic of Congo": "COD",
  "Congo, Democratic Republic of the": "COD",
  "Congo (Democratic Republic of the)": "COD",
  "Congo-Kinshasa": "COD",
  Congo: "COG",
  "Republic of Congo": "COG",
  "Republic of the Congo": "COG",
  "Congo-Brazzaville": "COG",
  "Holy See": "VAT",
  Vatican: "VAT",
  "Vatican City": "VAT",
  Palestine: "PSE",
  "Occupied Palestinian Territory": "PSE",
  // Former UN names still found in older reports
  "Libyan Arab Jamahiriya": "LBY",
  "Bolivarian Republic of Venezuela": "VEN",
  "Venezuela, Bolivarian Republic of": "VEN",
  "Plurinational State of Bolivia": "BOL",
  "Bolivia, Plurinational State of": "BOL",
  "Iran, Islamic Republic of": "IRN",
  "Tanzania, United Republic of": "TZA",
  Turkey: "TUR",
  "Czech Republic": "CZE",
  "Cape Verde": "CPV",
  "United Kingdom of Great Britain and Northern Ireland": "GBR",
  "Netherlands (Kingdom of the)": "NLD",
  // OHCHR's name from 2023 (cycle-4 matrices and reports).
  "Kingdom of the Netherlands": "NLD",
  "Kyrgyz Republic": "KGZ",
  "Slovak Republic": "SVK",
  Burma: "MMR",
  "East Timor": "TLS",
  Brunei: "BRN",
  Russia: "RUS",
  "Ivory Coast": "CIV",
  UAE: "ARE",
  "Saint Vincent and Grenadines": "VCT",
};

/** Normalised lookup key: accents, case, punctuation, "&", "St", a leading "The" ignored. */
export function nameKey(name: string): string {
  return name
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/['\u2018\u2019`\u00b4]/g, "")
    .replace(/[^a-z0-9]+/g, " ")
    .trim()
    .replace(/^the /, "")
    .replace(/\bst\b/g, "saint");
}

const ISO3_BY_KEY: ReadonlyMap<string, string> = (() => {
  const map = new Map<string, string>();
  // 1. Every English name and alias that i18n-iso-countries knows.
  for (const [alpha2, names] of Object.entries(countries.getNames("en", { select: "all" }))) {
    const iso3 = countries.alpha2ToAlpha3(alpha2);
    if (!iso3) continue;
    for (const name of names) map.set(nameKey(name), iso3);
  }
  // 2. UN short names, then 3. our aliases: these win over the library's (e.g. "Congo").
  for (const state of UN_STATES) map.set(nameKey(state.name), state.iso3);
  for (const [name, iso3] of Object.entries(ALIASES)) map.set(nameKey(name), iso3);
  return map;
})();

const ISO3_CODE_RE = /^[A-Za-z]{3}$/;

/** ISO3 code for a state name (or an ISO3 code), or null when unknown. */
export function iso3ForName(raw: string): string | null {
  const name = decodeHtmlEntities(raw).trim();
  if (ISO3_CODE_RE.test(name) && countries.alpha3ToAlpha2(name.toUpperCase())) {
    // "KEN", "ken". Three-letter names that are not codes ("USA" is both) fall through.
    return name.toUpperCase();
  }
  const found = ISO3_BY_KEY.get(nameKey(name));
  if (found) return found;
  // A name written in index order, "Palestine, State of" or "Macedonia, the former Yugoslav Republic of":
  // the part after the last comma goes first.
  const comma = name.lastIndexOf(",");
  if (comma > 0) return ISO3_BY_KEY.get(nameKey(`${name.slice(comma + 1)} ${name.slice(0, comma)}`)) ?? null;
  return null;
}

/**
 * What sources write where a row names no recommending state: "(Unknown)", "Unknown", "-", "n/a". Such a
 * value is not a state: the row is held with no recommending state.
 */
export function isNoStateName(raw: string): boolean {
  const key = nameKey(decodeHtmlEntities(raw));
  return key === "" || key === "unknown" || key === "n a" || key === "na" || key === "none" || key === "not known";
}

/** Display name: the UN short name for UN states, else the library's English name. */
export function stateDisplayName(iso3: string): string | null {
  return unStateByIso3(iso3)?.name ?? countries.getName(iso3, "en") ?? null;
}

// Files repeat the same few names thousands of times: remember answers (bounded, in case a file
// holds many distinct unknown names).
const MEMO_LIMIT = 10_000;
const memo = new Map<string, ResolvedState>();

/**
 * Resolve a state name (UPR Info, UN, UHRI or ISO3 spelling) to a canonical name, ISO3 code and
 * UN regional group. Never throws: an unknown name comes back trimmed with `iso3: null`.
 */
export function resolveState(name: string): ResolvedState {
  const cached = memo.get(name);
  if (cached) return cached;
  const iso3 = iso3ForName(name);
  const resolved: ResolvedState = Object.freeze(
    iso3
      ? { name: stateDisplayName(iso3) ?? name.trim(), iso3, regionalGroup: unStateByIso3(iso3)?.regionalGroup ?? null }
      : { name: decodeHtmlEntities(name).trim(), iso3: null, regionalGroup: null },
  );
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(name, resolved);
  return resolved;
}

const GROUP_BY_KEY: ReadonlyMap<string, RegionalGroup> = new Map<string, RegionalGroup>([
  ["africa", "African"],
  ["african", "African"],
  ["african group", "African"],
  ["african states", "African"],
  ["afr", "African"],
  ["asia", "Asia-Pacific"],
  ["asia pacific", "Asia-Pacific"],
  ["asia and the pacific", "Asia-Pacific"],
  ["asia pacific group", "Asia-Pacific"],
  ["asia and pacific group", "Asia-Pacific"],
  ["asia pacific states", "Asia-Pacific"],
  ["asian states", "Asia-Pacific"],
  ["apg", "Asia-Pacific"],
  ["eeg", "Eastern European"],
  ["eastern europe", "Eastern European"],
  ["eastern european", "Eastern European"],
  ["eastern european group", "Eastern European"],
  ["eastern european states", "Eastern European"],
  ["grulac", "GRULAC"],
  ["latin america and caribbean", "GRULAC"],
  ["latin america and the caribbean", "GRULAC"],
  ["latin american and caribbean group", "GRULAC"],
  ["latin american and caribbean states", "GRULAC"],
  ["weog", "WEOG"],
  ["western european and others", "WEOG"],
  ["western european and others group", "WEOG"],
  ["western european and other states", "WEOG"],
]);

/**
 * Map a regional-group label (UPR Info's "Africa", "Asia", "EEG", "GRULAC", "WEOG", UN long
 * names, our own labels) to a RegionalGroup. "Observer", empty and unknown labels give null.
 */
export function normaliseRegionalGroup(raw: string | null | undefined): RegionalGroup | null {
  if (!raw) return null;
  const trimmed = decodeHtmlEntities(raw).trim();
  if ((REGIONAL_GROUPS as readonly string[]).includes(trimmed)) return trimmed as RegionalGroup;
  const key = trimmed
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/[^a-z]+/g, " ")
    .trim();
  return GROUP_BY_KEY.get(key) ?? null;
}
