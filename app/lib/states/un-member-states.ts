/**
 * The 193 UN member states with their UN short name and UN regional group, plus the two
 * observer states that the UPR also lists (Holy See, State of Palestine).
 *
 * Names: the UN's own short names (as in UPR Working Group reports), except that
 * "United Kingdom of Great Britain and Northern Ireland" is shortened to "United Kingdom" and
 * "Netherlands (Kingdom of the)" to "Netherlands".
 *
 * Regional groups are those used for elections at the Human Rights Council, which is also what
 * UPR Info's "Rgrp" column shows:
 * - Türkiye and Israel are WEOG (Türkiye also attends Asia-Pacific meetings; for elections and in
 *   UPR Info it is WEOG). The United States is WEOG (formally an observer of the group, counted in
 *   it for elections; UPR Info lists it as WEOG).
 * - Kiribati joined the Asia-Pacific Group in 2010; Cyprus is Asia-Pacific.
 * - Observers (Holy See, State of Palestine) belong to no group: `null`. UPR Info lists the
 *   Holy See's group as "Observer", which `normaliseRegionalGroup` also maps to `null`.
 */

import { REGIONAL_GROUPS, type RegionalGroup } from "../../../db/schema";

export { REGIONAL_GROUPS, type RegionalGroup };

export type UnState = {
  readonly iso3: string;
  readonly name: string;
  readonly regionalGroup: RegionalGroup | null;
  readonly observer: boolean;
};

const AF = "African";
const AP = "Asia-Pacific";
const EE = "Eastern European";
const LA = "GRULAC";
const WE = "WEOG";

// [ISO 3166 alpha-3, UN short name, regional group]
const MEMBERS: ReadonlyArray<readonly [string, string, RegionalGroup]> = [
  ["AFG", "Afghanistan", AP],
  ["ALB", "Albania", EE],
  ["DZA", "Algeria", AF],
  ["AND", "Andorra", WE],
  ["AGO", "Angola", AF],
  ["ATG", "Antigua and Barbuda", LA],
  ["ARG", "Argentina", LA],
  ["ARM", "Armenia", EE],
  ["AUS", "Australia", WE],
  ["AUT", "Austria", WE],
  ["AZE", "Azerbaijan", EE],
  ["BHS", "Bahamas", LA],
  ["BHR", "Bahrain", AP],
  ["BGD", "Bangladesh", AP],
  ["BRB", "Barbados", LA],
  ["BLR", "Belarus", EE],
  ["BEL", "Belgium", WE],
  ["BLZ", "Belize", LA],
  ["BEN", "Benin", AF],
  ["BTN", "Bhutan", AP],
  ["BOL", "Bolivia (Plurinational State of)", LA],
  ["BIH", "Bosnia and Herzegovina", EE],
  ["BWA", "Botswana", AF],
  ["BRA", "Brazil", LA],
  ["BRN", "Brunei Darussalam", AP],
  ["BGR", "Bulgaria", EE],
  ["BFA", "Burkina Faso", AF],
  ["BDI", "Burundi", AF],
  ["CPV", "Cabo Verde", AF],
  ["KHM", "Cambodia", AP],
  ["CMR", "Cameroon", AF],
  ["CAN", "Canada", WE],
  ["CAF", "Central African Republic", AF],
  ["TCD", "Chad", AF],
  ["CHL", "Chile", LA],
  ["CHN", "China", AP],
  ["COL", "Colombia", LA],
  ["COM", "Comoros", AF],
  ["COG", "Congo", AF],
  ["CRI", "Costa Rica", LA],
  ["CIV", "Côte d'Ivoire", AF],
  ["HRV", "Croatia", EE],
  ["CUB", "Cuba", LA],
  ["CYP", "Cyprus", AP],
  ["CZE", "Czechia", EE],
  ["PRK", "Democratic People's Republic of Korea", AP],
  ["COD", "Democratic Republic of the Congo", AF],
  ["DNK", "Denmark", WE],
  ["DJI", "Djibouti", AF],
  ["DMA", "Dominica", LA],
  ["DOM", "Dominican Republic", LA],
  ["ECU", "Ecuador", LA],
  ["EGY", "Egypt", AF],
  ["SLV", "El Salvador", LA],
  ["GNQ", "Equatorial Guinea", AF],
  ["ERI", "Eritrea", AF],
  ["EST", "Estonia", EE],
  ["SWZ", "Eswatini", AF],
  ["ETH", "Ethiopia", AF],
  ["FJI", "Fiji", AP],
  ["FIN", "Finland", WE],
  ["FRA", "France", WE],
  ["GAB", "Gabon", AF],
  ["GMB", "Gambia", AF],
  ["GEO", "Georgia", EE],
  ["DEU", "Germany", WE],
  ["GHA", "Ghana", AF],
  ["GRC", "Greece", WE],
  ["GRD", "Grenada", LA],
  ["GTM", "Guatemala", LA],
  ["GIN", "Guinea", AF],
  ["GNB", "Guinea-Bissau", AF],
  ["GUY", "Guyana", LA],
  ["HTI", "Haiti", LA],
  ["HND", "Honduras", LA],
  ["HUN", "Hungary", EE],
  ["ISL", "Iceland", WE],
  ["IND", "India", AP],
  ["IDN", "Indonesia", AP],
  ["IRN", "Iran (Islamic Republic of)", AP],
  ["IRQ", "Iraq", AP],
  ["IRL", "Ireland", WE],
  ["ISR", "Israel", WE],
  ["ITA", "Italy", WE],
  ["JAM", "Jamaica", LA],
  ["JPN", "Japan", AP],
  ["JOR", "Jordan", AP],
  ["KAZ", "Kazakhstan", AP],
  ["KEN", "Kenya", AF],
  ["KIR", "Kiribati", AP],
  ["KWT", "Kuwait", AP],
  ["KGZ", "Kyrgyzstan", AP],
  ["LAO", "Lao People's Democratic Republic", AP],
  ["LVA", "Latvia", EE],
  ["LBN", "Lebanon", AP],
  ["LSO", "Lesotho", AF],
  ["LBR", "Liberia", AF],
  ["LBY", "Libya", AF],
  ["LIE", "Liechtenstein", WE],
  ["LTU", "Lithuania", EE],
  ["LUX", "Luxembourg", WE],
  ["MDG", "Madagascar", AF],
  ["MWI", "Malawi", AF],
  ["MYS", "Malaysia", AP],
  ["MDV", "Maldives", AP],
  ["MLI", "Mali", AF],
  ["MLT", "Malta", WE],
  ["MHL", "Marshall Islands", AP],
  ["MRT", "Mauritania", AF],
  ["MUS", "Mauritius", AF],
  ["MEX", "Mexico", LA],
  ["FSM", "Micronesia (Federated States of)", AP],
  ["MCO", "Monaco", WE],
  ["MNG", "Mongolia", AP],
  ["MNE", "Montenegro", EE],
  ["MAR", "Morocco", AF],
  ["MOZ", "Mozambique", AF],
  ["MMR", "Myanmar", AP],
  ["NAM", "Namibia", AF],
  ["NRU", "Nauru", AP],
  ["NPL", "Nepal", AP],
  ["NLD", "Netherlands", WE],
  ["NZL", "New Zealand", WE],
  ["NIC", "Nicaragua", LA],
  ["NER", "Niger", AF],
  ["NGA", "Nigeria", AF],
  ["MKD", "North Macedonia", EE],
  ["NOR", "Norway", WE],
  ["OMN", "Oman", AP],
  ["PAK", "Pakistan", AP],
  ["PLW", "Palau", AP],
  ["PAN", "Panama", LA],
  ["PNG", "Papua New Guinea", AP],
  ["PRY", "Paraguay", LA],
  ["PER", "Peru", LA],
  ["PHL", "Philippines", AP],
  ["POL", "Poland", EE],
  ["PRT", "Portugal", WE],
  ["QAT", "Qatar", AP],
  ["KOR", "Republic of Korea", AP],
  ["MDA", "Republic of Moldova", EE],
  ["ROU", "Romania", EE],
  ["RUS", "Russian Federation", EE],
  ["RWA", "Rwanda", AF],
  ["KNA", "Saint Kitts and Nevis", LA],
  ["LCA", "Saint Lucia", LA],
  ["VCT", "Saint Vincent and the Grenadines", LA],
  ["WSM", "Samoa", AP],
  ["SMR", "San Marino", WE],
  ["STP", "Sao Tome and Principe", AF],
  ["SAU", "Saudi Arabia", AP],
  ["SEN", "Senegal", AF],
  ["SRB", "Serbia", EE],
  ["SYC", "Seychelles", AF],
  ["SLE", "Sierra Leone", AF],
  ["SGP", "Singapore", AP],
  ["SVK", "Slovakia", EE],
  ["SVN", "Slovenia", EE],
  ["SLB", "Solomon Islands", AP],
  ["SOM", "Somalia", AF],
  ["ZAF", "South Africa", AF],
  ["SSD", "South Sudan", AF],
  ["ESP", "Spain", WE],
  ["LKA", "Sri Lanka", AP],
  ["SDN", "Sudan", AF],
  ["SUR", "Suriname", LA],
  ["SWE", "Sweden", WE],
  ["CHE", "Switzerland", WE],
  ["SYR", "Syrian Arab Republic", AP],
  ["TJK", "Tajikistan", AP],
  ["THA", "Thailand", AP],
  ["TLS", "Timor-Leste", AP],
  ["TGO", "Togo", AF],
  ["TON", "Tonga", AP],
  ["TTO", "Trinidad and Tobago", LA],
  ["TUN", "Tunisia", AF],
  ["TUR", "Türkiye", WE],
  ["TKM", "Turkmenistan", AP],
  ["TUV", "Tuvalu", AP],
  ["UGA", "Uganda", AF],
  ["UKR", "Ukraine", EE],
  ["ARE", "United Arab Emirates", AP],
  ["GBR", "United Kingdom", WE],
  ["TZA", "United Republic of Tanzania", AF],
  ["USA", "United States of America", WE],
  ["URY", "Uruguay", LA],
  ["UZB", "Uzbekistan", AP],
  ["VUT", "Vanuatu", AP],
  ["VEN", "Venezuela (Bolivarian Republic of)", LA],
  ["VNM", "Viet Nam", AP],
  ["YEM", "Yemen", AP],
  ["ZMB", "Zambia", AF],
  ["ZWE", "Zimbabwe", AF],
];

const OBSERVERS: ReadonlyArray<readonly [string, string]> = [
  ["VAT", "Holy See"],
  ["PSE", "State of Palestine"],
];

/** UN member states (193) followed by the two observer states, in alphabetical order of name. */
export const UN_STATES: readonly UnState[] = [
  ...MEMBERS.map(([iso3, name, regionalGroup]) => ({ iso3, name, regionalGroup, observer: false })),
  ...OBSERVERS.map(([iso3, name]) => ({ iso3, name, regionalGroup: null, observer: true })),
];

const UN_STATE_BY_ISO3: ReadonlyMap<string, UnState> = new Map(UN_STATES.map((s) => [s.iso3, s]));

export function unStateByIso3(iso3: string): UnState | undefined {
  return UN_STATE_BY_ISO3.get(iso3);
}

/** UN regional group of a state by ISO3 code; null for observers and non-members. */
export function regionalGroupOf(iso3: string): RegionalGroup | null {
  return UN_STATE_BY_ISO3.get(iso3)?.regionalGroup ?? null;
}
