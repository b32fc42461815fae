// One vocabulary of themes (docs/domain.md, "One vocabulary of themes"): UPR Info's issues and OHCHR's themes
// (its matrices of cycles 2-4 and the Universal Human Rights Index) mapped to shared topics, so that a filter
// on a topic finds the recommendations of both. The labels themselves are stored and shown as the source
// wrote them. Pure data and functions.
//
// The rules:
// 1. A topic is an area that both vocabularies name, or that one names and the other covers under a wider
//    label; it is named in plain words.
// 2. A source label belongs to at most one topic: where a label spans two, it goes to the narrower topic that
//    its recommendations are mostly about ("Prohibition of slavery, trafficking" to trafficking).
// 3. A label that matches no topic (UPR Info's "General", OHCHR's "Cultural rights") stays on its own: a
//    filter on it finds that label only.
// 4. Labels compare without case, spaces or punctuation ("Budget &resources" is "Budget & resources").

export interface ThemeTopic {
  /** Stable: used in addresses (`?theme=topic:trafficking`). */
  key: string;
  name: string;
  /** UPR Info's issue labels. */
  uprInfo: readonly string[];
  /** OHCHR's theme labels (matrices of cycles 2-4, UHRI). */
  ohchr: readonly string[];
}

export const THEME_TOPICS: readonly ThemeTopic[] = [
  {
    key: "trafficking",
    name: "Trafficking and slavery",
    uprInfo: ["Trafficking"],
    ohchr: ["Prohibition of slavery, trafficking", "Human trafficking & contemporary forms of slavery"],
  },
  {
    key: "women",
    name: "Women's rights",
    uprInfo: ["Women's rights"],
    ohchr: [
      "Women's rights",
      "Advancement of women",
      "Discrimination against women",
      "Violence against women",
      "Domestic violence",
      "Sexual & other forms of gender-based violence",
      "Participation of women in political & public life",
      "Gender-based violence",
    ],
  },
  {
    key: "children",
    name: "Rights of the child",
    uprInfo: ["Rights of the Child", "Corporal punishment", "Juvenile justice"],
    ohchr: [
      "Rights of the child",
      "Children's rights",
      "Children: definition; general principles; protection",
      "Children: family environment and alternative care",
      "Children: protection against exploitation",
      "Children: juvenile justice",
      "Juvenile justice",
    ],
  },
  {
    key: "disabilities",
    name: "Persons with disabilities",
    uprInfo: ["Disabilities", "Persons with disabilities"],
    ohchr: [
      "Persons with disabilities",
      "Persons with disabilities: definition, general principles",
      "Persons with disabilities: accessibility, mobility",
      "Persons with disabilities: independence, inclusion",
      "Persons with disabilities: protecting the integrity of the person",
      "Persons with disabilities: protection against exploitation, violence & abuse",
      "Persons with disabilities: protection and safety in situations of risk",
      "Persons with disabilities: liberty and security of the person",
    ],
  },
  {
    key: "international-instruments",
    name: "International instruments and obligations",
    uprInfo: ["International instruments"],
    ohchr: ["Acceptance of international norms", "Scope of international obligations"],
  },
  {
    key: "treaty-bodies",
    name: "Treaty bodies",
    uprInfo: ["Treaty bodies"],
    ohchr: ["Cooperation & Follow up with Treaty Bodies", "Cooperation with treaty bodies"],
  },
  {
    key: "special-procedures",
    name: "Special procedures",
    uprInfo: ["Special procedures"],
    ohchr: ["Cooperation with special procedures"],
  },
  {
    key: "upr-process",
    name: "The UPR process",
    uprInfo: ["UPR process"],
    ohchr: ["Follow-up to the UPR", "Cooperation with the UPR"],
  },
  {
    key: "cooperation",
    name: "Technical assistance and cooperation",
    uprInfo: ["Technical assistance and cooperation", "Technical assistance"],
    ohchr: ["Inter-State cooperation & development or humanitarian assistance", "Technical assistance & cooperation"],
  },
  {
    key: "nhri",
    name: "National human rights institution",
    uprInfo: ["NHRI", "National Human Rights Institution"],
    ohchr: ["National Human Rights Institution (NHRI)"],
  },
  {
    key: "national-plans",
    name: "National plans of action",
    uprInfo: ["National plan of action"],
    ohchr: ["National Plans of Action on Human Rights (or specific areas)"],
  },
  {
    key: "human-rights-education",
    name: "Human rights education and training",
    uprInfo: ["Human rights education and training"],
    ohchr: ["Human rights education, trainings & awareness raising"],
  },
  {
    key: "civil-society",
    name: "Civil society",
    uprInfo: ["Civil society"],
    ohchr: ["Cooperation and meaningful consultation with civil society & participation", "Civil society"],
  },
  {
    key: "human-rights-defenders",
    name: "Human rights defenders",
    uprInfo: ["Human rights defenders"],
    ohchr: ["Human rights defenders"],
  },
  {
    key: "racial-discrimination",
    name: "Racial discrimination",
    uprInfo: ["Racial discrimination"],
    ohchr: ["Racial discrimination"],
  },
  {
    key: "development",
    name: "Development",
    uprInfo: ["Development"],
    ohchr: ["Right to development"],
  },
  {
    key: "environment",
    name: "Environment and climate",
    uprInfo: ["Environment"],
    ohchr: ["Human rights & the environment", "Human rights & climate change"],
  },
  {
    key: "business",
    name: "Business and human rights",
    uprInfo: ["Business and human rights", "Business & Hrs"],
    ohchr: ["Business & Human Rights"],
  },
  {
    key: "poverty",
    name: "Poverty",
    uprInfo: ["Poverty"],
    ohchr: ["Human rights & poverty"],
  },
  {
    key: "water",
    name: "Water and sanitation",
    uprInfo: ["Right to water", "Water and sanitation"],
    ohchr: ["Human Rights & drinking water & sanitation"],
  },
  {
    key: "standard-of-living",
    name: "Food, land and an adequate standard of living",
    uprInfo: ["Right to food", "Right to land"],
    ohchr: ["Right to an adequate standard of living", "Right to food"],
  },
  {
    key: "housing",
    name: "Housing",
    uprInfo: ["Right to housing"],
    ohchr: ["Right to adequate housing"],
  },
  {
    key: "health",
    name: "Health",
    uprInfo: ["Right to health", "HIV - Aids"],
    ohchr: ["Right to health", "Access to sexual & reproductive health & services", "HIV/AIDS"],
  },
  {
    key: "education",
    name: "Education",
    uprInfo: ["Right to education", "Education"],
    ohchr: ["Right to education"],
  },
  {
    key: "labour",
    name: "Work and labour rights",
    uprInfo: ["Labour"],
    ohchr: ["Right to work and to just & favorable conditions of work & labour rights", "Labour rights"],
  },
  {
    key: "esc-rights",
    name: "Economic, social and cultural rights: general",
    uprInfo: ["ESC rights - general"],
    ohchr: ["Economic, social & cultural rights - general measures of implementation"],
  },
  {
    key: "cp-rights",
    name: "Civil and political rights: general",
    uprInfo: ["CP rights - general"],
    ohchr: ["Civil & political rights - general measures of implementation"],
  },
  {
    key: "death-penalty",
    name: "Death penalty",
    uprInfo: ["Death penalty"],
    ohchr: ["Death penalty"],
  },
  {
    key: "executions",
    name: "Extrajudicial executions and the right to life",
    uprInfo: ["Extrajudicial executions"],
    ohchr: ["Extrajudicial, summary or arbitrary executions", "Right to life"],
  },
  {
    key: "torture",
    name: "Torture and ill-treatment",
    uprInfo: ["Torture and other CID treatment", "Torture and other CID"],
    ohchr: ["Prohibition of torture & cruel, inhuman or degrading treatment"],
  },
  {
    key: "detention",
    name: "Detention",
    uprInfo: ["Detention"],
    ohchr: ["Conditions of detention", "Arbitrary arrest & detention"],
  },
  {
    key: "enforced-disappearances",
    name: "Enforced disappearances",
    uprInfo: ["Enforced disappearances"],
    ohchr: ["Enforced disappearances"],
  },
  {
    key: "justice",
    name: "Justice and fair trial",
    uprInfo: ["Justice"],
    ohchr: ["Administration of justice & fair trial", "Right to effective remedy & reparations"],
  },
  {
    key: "impunity",
    name: "Impunity",
    uprInfo: ["Impunity"],
    ohchr: ["Impunity & transparency"],
  },
  {
    key: "corruption",
    name: "Corruption",
    uprInfo: ["Corruption"],
    ohchr: ["Good governance & corruption"],
  },
  {
    key: "expression",
    name: "Freedom of expression and of the press",
    uprInfo: ["Freedom of opinion and expression", "Freedom of the press"],
    ohchr: ["Freedom of opinion & expression & right to information"],
  },
  {
    key: "religion",
    name: "Freedom of religion or belief",
    uprInfo: ["Freedom of religion and belief"],
    ohchr: ["Freedom of thought, conscience & religion"],
  },
  {
    key: "assembly",
    name: "Freedom of association and peaceful assembly",
    uprInfo: ["Freedom of association and peaceful assembly"],
    ohchr: ["Freedom of association", "Freedom of peaceful assembly"],
  },
  {
    key: "movement",
    name: "Freedom of movement",
    uprInfo: ["Freedom of movement"],
    ohchr: ["Freedom of movement"],
  },
  {
    key: "participation",
    name: "Elections and participation in public affairs",
    uprInfo: ["Elections"],
    ohchr: ["Right to participate in public affairs & right to vote"],
  },
  {
    key: "privacy",
    name: "Privacy",
    uprInfo: ["Privacy"],
    ohchr: ["Right to private life, privacy"],
  },
  {
    key: "identity",
    name: "Birth registration, name, identity and nationality",
    uprInfo: ["Birth registration"],
    ohchr: ["Rights related to name, identity & nationality"],
  },
  {
    key: "sogi",
    name: "Sexual orientation and gender identity",
    uprInfo: ["Sexual Orientation and Gender Identity"],
    ohchr: ["Lesbian, gay, bisexual, transgender and intersex persons", "Sexual orientation & gender identity"],
  },
  {
    key: "migrants",
    name: "Migrants",
    uprInfo: ["Migrants"],
    ohchr: ["Migrants"],
  },
  {
    key: "refugees",
    name: "Refugees and asylum-seekers",
    uprInfo: ["Asylum-seekers - refugees"],
    ohchr: ["Refugees & asylum seekers"],
  },
  {
    key: "idps",
    name: "Internally displaced persons",
    uprInfo: ["Internally displaced persons"],
    ohchr: ["Internally displaced persons"],
  },
  {
    key: "indigenous-peoples",
    name: "Indigenous peoples",
    uprInfo: ["Indigenous peoples"],
    ohchr: ["Indigenous peoples"],
  },
  {
    key: "minorities",
    name: "Minorities",
    uprInfo: ["Minorities"],
    ohchr: ["Minorities"],
  },
  {
    key: "humanitarian-law",
    name: "International humanitarian and criminal law",
    uprInfo: ["International humanitarian law"],
    ohchr: [
      "International criminal & humanitarian law (including crimes against humanity, war crimes, genocide)",
      "International humanitarian law",
    ],
  },
  {
    key: "counter-terrorism",
    name: "Counter-terrorism",
    uprInfo: ["Counter-terrorism"],
    ohchr: ["Human rights & counter-terrorism"],
  },
];

/** The key a label is compared by (rule 4): letters and digits only, "&" read as "and", no case. The SQL of
 * app/models/search.server.ts computes the same key (`themeKeySql`). */
export function themeLabelKey(label: string): string {
  // The same as the SQL's order ("&" to "and", then the rest dropped), with the rest dropped first: shorter work.
  return label
    .replace(/[^A-Za-z0-9&]+/g, "")
    .replace(/&/g, "and")
    .toLowerCase();
}

const TOPIC_BY_LABEL_KEY: ReadonlyMap<string, ThemeTopic> = new Map(
  THEME_TOPICS.flatMap((t) => [...t.uprInfo, ...t.ohchr].map((label) => [themeLabelKey(label), t] as const)),
);
const TOPIC_BY_KEY: ReadonlyMap<string, ThemeTopic> = new Map(THEME_TOPICS.map((t) => [t.key, t]));

/** The filter value of a topic: `topic:trafficking`. */
export const TOPIC_PREFIX = "topic:";

/** The topic a source label belongs to, or null (rule 3). */
export function topicOfLabel(label: string): ThemeTopic | null {
  return TOPIC_BY_LABEL_KEY.get(themeLabelKey(label)) ?? null;
}

/** The topic a filter value names (`topic:<key>`), or null when it names a label. */
export function topicOfFilter(value: string): ThemeTopic | null {
  return value.startsWith(TOPIC_PREFIX) ? (TOPIC_BY_KEY.get(value.slice(TOPIC_PREFIX.length)) ?? null) : null;
}

/** The label keys of a topic (what the database compares held labels against). */
export function labelKeysOfTopic(topic: ThemeTopic): string[] {
  return [...new Set([...topic.uprInfo, ...topic.ohchr].map(themeLabelKey))];
}

/** The filter value that finds a label's whole topic, or the label itself when it has none. */
export function themeFilterValue(label: string): string {
  const topic = topicOfLabel(label);
  return topic ? `${TOPIC_PREFIX}${topic.key}` : label;
}
