// The interface's words: one i18next instance, its catalogues in app/locales/<language>.json (one per
// language, the same keys in each; tests/unit/catalogues.test.ts checks it). The server registers every
// catalogue (catalogues.server.ts) and renders each page with the instance of the page's language
// (instanceFor); the browser loads the one catalogue of the page's language before hydrating
// (app/entry.client.tsx). Plurals follow the language's rules (Intl.PluralRules: Arabic has six forms,
// French and Spanish three). docs/decisions/2026-12-08-i18next.md says why i18next.
import i18next, { type i18n as I18n, type TFunction } from "i18next";
import { initReactI18next } from "react-i18next";
import type en from "../locales/en.json";
import { DEFAULT_LANGUAGE, isLanguage, type Language } from "./languages";

declare module "i18next" {
  interface CustomTypeOptions {
    defaultNS: "translation";
    resources: { translation: typeof en };
    returnNull: false;
  }
}

/** The one instance. Its own language is the browser's page language; the server never changes it. */
export const i18n: I18n = i18next.createInstance();
void i18n.use(initReactI18next).init({
  lng: DEFAULT_LANGUAGE,
  resources: {},
  // No fallback to English: a missing word is a defect that the catalogue test finds, not a page that
  // quietly mixes two languages.
  fallbackLng: false,
  initAsync: false,
  interpolation: { escapeValue: false }, // React escapes what it renders
  returnEmptyString: false,
  react: { useSuspense: false },
});

/**
 * Adds a language's catalogue. Typed loosely on purpose: a language's plural forms are its own (Arabic has six
 * where English has two), so its keys are not English's; tests/unit/catalogues.test.ts checks them.
 */
export function addCatalogue(lng: Language, catalogue: object): void {
  if (!i18n.hasResourceBundle(lng, "translation")) i18n.addResourceBundle(lng, "translation", catalogue);
}

const instances = new Map<Language, I18n>();

/**
 * The instance that renders in one language (a clone sharing the catalogues): the server renders pages
 * of several languages at once, and the shared instance's language must not change under them.
 */
export function instanceFor(lng: Language): I18n {
  let instance = instances.get(lng);
  if (!instance) {
    instance = i18n.cloneInstance({ lng, initAsync: false });
    instances.set(lng, instance);
  }
  return instance;
}

/** The words of one language outside React: meta titles, files, feeds. */
export function tFor(lng: Language): TFunction {
  return i18n.getFixedT(lng);
}

/**
 * The words of the page's language in a route's `meta` (which has no React context): the language the root
 * loader chose, from the page's matches.
 */
export function metaT(matches: readonly { id: string; data: unknown }[]): TFunction {
  const root = matches.find((m) => m.id === "root")?.data as { lng?: unknown } | undefined;
  return tFor(isLanguage(root?.lng) ? root.lng : DEFAULT_LANGUAGE);
}

/** The language a `t` speaks (a fixed t knows it; else the instance's), for numbers and dates beside its words. */
export function tLanguage(t: TFunction): Language {
  const lng = (t as TFunction & { lng?: unknown }).lng;
  return isLanguage(lng) ? lng : isLanguage(i18n.language) ? i18n.language : DEFAULT_LANGUAGE;
}
