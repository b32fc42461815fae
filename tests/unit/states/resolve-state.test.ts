import { readFileSync } from "node:fs";
import countries from "i18n-iso-countries";
import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import {
  iso3ForName,
  isNoStateName,
  normaliseRegionalGroup,
  regionalGroupOf,
  REGIONAL_GROUPS,
  resolveState,
  UN_STATES,
} from "../../../app/lib/states";
import { dataFilePath, fixture, HAS_UPR_INFO_SAMPLE, UPR_INFO_SAMPLE } from "../import/helpers";

describe("UN_STATES", () => {
  const members = UN_STATES.filter((s) => !s.observer);

  it("lists the 193 UN member states and the 2 observer states once each", () => {
    expect(members).toHaveLength(193);
    expect(UN_STATES.filter((s) => s.observer).map((s) => s.iso3)).toEqual(["VAT", "PSE"]);
    expect(new Set(UN_STATES.map((s) => s.iso3)).size).toBe(195);
    expect(new Set(UN_STATES.map((s) => s.name)).size).toBe(195);
  });

  it("uses valid ISO 3166 alpha-3 codes", () => {
    for (const s of UN_STATES) expect(countries.alpha3ToAlpha2(s.iso3), s.iso3).toBeTruthy();
  });

  it("puts every member in one of the five groups, with the expected sizes", () => {
    const sizes: Record<string, number> = {};
    for (const s of members) sizes[s.regionalGroup as string] = (sizes[s.regionalGroup as string] ?? 0) + 1;
    // WEOG counts the United States (an observer of the group, in it for elections).
    expect(sizes).toEqual({ African: 54, "Asia-Pacific": 54, "Eastern European": 23, GRULAC: 33, WEOG: 29 });
    expect(REGIONAL_GROUPS).toHaveLength(5);
  });

  it("follows the groups used for HRC elections and by UPR Info", () => {
    expect(regionalGroupOf("TUR")).toBe("WEOG");
    expect(regionalGroupOf("ISR")).toBe("WEOG");
    expect(regionalGroupOf("USA")).toBe("WEOG");
    expect(regionalGroupOf("KIR")).toBe("Asia-Pacific");
    expect(regionalGroupOf("CYP")).toBe("Asia-Pacific");
    expect(regionalGroupOf("KEN")).toBe("African");
    expect(regionalGroupOf("CZE")).toBe("Eastern European");
    expect(regionalGroupOf("CUB")).toBe("GRULAC");
    expect(regionalGroupOf("VAT")).toBeNull();
    expect(regionalGroupOf("PSE")).toBeNull();
    expect(regionalGroupOf("TWN")).toBeNull();
  });

  it("resolves every UN name back to its code", () => {
    for (const s of UN_STATES)
      expect(resolveState(s.name), s.name).toEqual({ name: s.name, iso3: s.iso3, regionalGroup: s.regionalGroup });
  });
});

describe("resolveState", () => {
  it.each([
    ["Antigua & Barbuda", "ATG", "Antigua and Barbuda"],
    ["DPR Korea", "PRK", "Democratic People's Republic of Korea"],
    ["Holy See", "VAT", "Holy See"],
    ["Libyan Arab Jamahiriya", "LBY", "Libya"],
    ["Bolivarian Republic of Venezuela", "VEN", "Venezuela (Bolivarian Republic of)"],
    ["Venezuela", "VEN", "Venezuela (Bolivarian Republic of)"],
    ["Republic of Korea", "KOR", "Republic of Korea"],
    ["United Kingdom", "GBR", "United Kingdom"],
    ["United Kingdom of Great Britain and Northern Ireland", "GBR", "United Kingdom"],
    ["United States", "USA", "United States of America"],
    ["Czech Republic", "CZE", "Czechia"],
    ["Turkey", "TUR", "Türkiye"],
    ["Côte d'Ivoire", "CIV", "Côte d'Ivoire"],
    ["Cote d\u2019Ivoire", "CIV", "Côte d'Ivoire"],
    ["Palestine", "PSE", "State of Palestine"],
    ["Lao PDR", "LAO", "Lao People's Democratic Republic"],
    ["Syria", "SYR", "Syrian Arab Republic"],
    ["Iran", "IRN", "Iran (Islamic Republic of)"],
    ["Viet Nam", "VNM", "Viet Nam"],
    ["Vietnam", "VNM", "Viet Nam"],
    ["Moldova", "MDA", "Republic of Moldova"],
    ["Macedonia", "MKD", "North Macedonia"],
    ["The former Yugoslav Republic of Macedonia", "MKD", "North Macedonia"],
    ["North Macedonia", "MKD", "North Macedonia"],
    ["Swaziland", "SWZ", "Eswatini"],
    ["Eswatini", "SWZ", "Eswatini"],
    ["Cape Verde", "CPV", "Cabo Verde"],
    ["Micronesia", "FSM", "Micronesia (Federated States of)"],
    ["Tanzania", "TZA", "United Republic of Tanzania"],
    ["Congo", "COG", "Congo"],
    ["DR Congo", "COD", "Democratic Republic of the Congo"],
    ["Democratic Republic of the Congo", "COD", "Democratic Republic of the Congo"],
    ["Sao Tome & Principe", "STP", "Sao Tome and Principe"],
    ["São Tomé and Príncipe", "STP", "Sao Tome and Principe"],
    ["St Kitts & Nevis", "KNA", "Saint Kitts and Nevis"],
    ["St. Vincent & the Grenadines", "VCT", "Saint Vincent and the Grenadines"],
    ["St Lucia", "LCA", "Saint Lucia"],
    ["Bosnia & Herzegovina", "BIH", "Bosnia and Herzegovina"],
    ["Trinidad & Tobago", "TTO", "Trinidad and Tobago"],
    ["Russia", "RUS", "Russian Federation"],
    ["The Gambia", "GMB", "Gambia"],
    ["Bolivia", "BOL", "Bolivia (Plurinational State of)"],
    ["Brunei", "BRN", "Brunei Darussalam"],
    ["Timor Leste", "TLS", "Timor-Leste"],
    ["Kenya", "KEN", "Kenya"],
  ])("resolves %j to %s", (name, iso3, display) => {
    expect(resolveState(name)).toEqual({ name: display, iso3, regionalGroup: regionalGroupOf(iso3) });
  });

  it("accepts an ISO3 code, in any case, with spaces around", () => {
    expect(resolveState("KEN")).toEqual({ name: "Kenya", iso3: "KEN", regionalGroup: "African" });
    expect(resolveState(" ken ").iso3).toBe("KEN");
    expect(resolveState("GBR").name).toBe("United Kingdom");
  });

  it("trims, ignores case and decodes HTML entities", () => {
    expect(resolveState("  kenya\t").iso3).toBe("KEN");
    expect(resolveState("Antigua &amp; Barbuda").iso3).toBe("ATG");
    expect(resolveState("C&ocirc;te d&#39;Ivoire").iso3).toBe("CIV");
    expect(resolveState("UNITED KINGDOM").iso3).toBe("GBR");
  });

  it("keeps an unknown name as given (trimmed), without an error", () => {
    expect(resolveState("  Atlantis ")).toEqual({ name: "Atlantis", iso3: null, regionalGroup: null });
    expect(resolveState("")).toEqual({ name: "", iso3: null, regionalGroup: null });
    expect(resolveState("XYZ")).toEqual({ name: "XYZ", iso3: null, regionalGroup: null });
    expect(iso3ForName("Korea")).toBeNull(); // ambiguous: not guessed
  });

  it("resolves all 51 recommending states of Kenya's cycle-1 file", () => {
    const rows = Papa.parse<Record<string, string>>(
      readFileSync(dataFilePath("kenya-cycle1-recommendations.csv"), "utf8"),
      {
        header: true,
        skipEmptyLines: true,
      },
    ).data;
    const names = new Set(rows.flatMap((r) => r.recommending_states.split(";").map((s) => s.trim())));
    expect(names.size).toBe(51);
    const unresolved = [...names].filter((name) => resolveState(name).iso3 === null);
    expect(unresolved).toEqual([]);
    expect(resolveState(rows[0].state_under_review).iso3).toBe("KEN");
  });

  it("resolves the state names of the UPR Info excerpt", () => {
    const rows = Papa.parse<string[]>(fixture("uprinfo-kenya-session8-excerpt.csv").toString("utf8"), {
      skipEmptyLines: true,
    }).data.slice(1);
    for (const row of rows) {
      expect(resolveState(row[0]).iso3).toBe("KEN");
      expect(resolveState(row[4]).iso3, row[4]).not.toBeNull();
    }
  });

  it.skipIf(!HAS_UPR_INFO_SAMPLE)("resolves every state name of the full UPR Info sample (../shared)", () => {
    const rows = Papa.parse<string[]>(readFileSync(UPR_INFO_SAMPLE, "latin1"), { skipEmptyLines: true }).data.slice(1);
    const names = new Set(rows.flatMap((r) => [r[0], r[4]]));
    expect([...names].filter((name) => resolveState(name).iso3 === null)).toEqual([]);
  });
});

describe("normaliseRegionalGroup", () => {
  it.each([
    ["Africa", "African"],
    ["African Group", "African"],
    ["Asia", "Asia-Pacific"],
    ["Asia-Pacific", "Asia-Pacific"],
    ["Asia and the Pacific", "Asia-Pacific"],
    ["APG", "Asia-Pacific"],
    ["EEG", "Eastern European"],
    ["Eastern European Group", "Eastern European"],
    ["GRULAC", "GRULAC"],
    ["Latin American and Caribbean Group", "GRULAC"],
    ["WEOG", "WEOG"],
    ["weog ", "WEOG"],
    ["Western European and Others Group", "WEOG"],
  ])("maps %j to %s", (raw, group) => {
    expect(normaliseRegionalGroup(raw)).toBe(group);
  });

  it("gives null for observers, empty and unknown labels", () => {
    expect(normaliseRegionalGroup("Observer")).toBeNull();
    expect(normaliseRegionalGroup("")).toBeNull();
    expect(normaliseRegionalGroup(null)).toBeNull();
    expect(normaliseRegionalGroup("Europe")).toBeNull();
  });
});

describe("the names of the UN, OHCHR and UPR Info, current and former (issue #27)", () => {
  it.each([
    ["Türkiye", "TUR"],
    ["Turkey", "TUR"],
    ["Czechia", "CZE"],
    ["Czech Republic", "CZE"],
    ["North Macedonia", "MKD"],
    ["The former Yugoslav Republic of Macedonia", "MKD"],
    ["Macedonia FYR", "MKD"],
    ["Macedonia, the former Yugoslav Republic of", "MKD"],
    ["Kingdom of the Netherlands", "NLD"],
    ["Netherlands (Kingdom of the)", "NLD"],
    ["Côte d'Ivoire", "CIV"],
    ["Holy See", "VAT"],
    ["State of Palestine", "PSE"],
    ["Palestine, State of", "PSE"],
    ["Eswatini", "SWZ"],
    ["Swaziland", "SWZ"],
    ["Congo DR", "COD"],
    ["Bolivia (Plurinational State of)", "BOL"],
    ["Micronesia (Federated States of)", "FSM"],
    ["Sao Tome & Principe", "STP"],
    ["St Vincent & Grenadines", "VCT"],
    ["Guinea Bissau", "GNB"],
    ["Timor Leste", "TLS"],
  ])("%s is %s", (name, iso3) => {
    expect(iso3ForName(name)).toBe(iso3);
  });

  it("leaves what is not a state unresolved, to be asked about", () => {
    expect(iso3ForName("European Union")).toBeNull();
    expect(iso3ForName("Freedonia")).toBeNull();
    expect(iso3ForName("Freedonia, Republic of")).toBeNull();
  });

  it("reads '(Unknown)' and the like as no state at all", () => {
    for (const none of ["(Unknown)", "Unknown", "-", "n/a", "N/A", ""]) expect(isNoStateName(none), none).toBe(true);
    for (const state of ["Kenya", "Niger", "Nauru"]) expect(isNoStateName(state), state).toBe(false);
  });
});
