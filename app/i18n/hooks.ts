// The reader's language and its formatters, in components (the language of the I18nextProvider that renders
// the page: app/entry.server.tsx, app/entry.client.tsx).
import { useTranslation } from "react-i18next";
import { localDate, localMonth, localNumber, localPercent, localStateName } from "./format";
import { DEFAULT_LANGUAGE, isLanguage, type Language } from "./languages";

export function useLanguage(): Language {
  const { i18n } = useTranslation();
  return isLanguage(i18n.language) ? i18n.language : DEFAULT_LANGUAGE;
}

/** The reader's formatters: `const f = useFormat(); f.date("2020-01-23")`. */
export function useFormat() {
  const lng = useLanguage();
  return {
    lng,
    date: (iso: string | null | undefined, fallback = "") => (iso ? localDate(lng, iso) : fallback),
    month: (iso: string) => localMonth(lng, iso),
    number: (n: number) => localNumber(lng, n),
    percent: (ratio: number) => localPercent(lng, ratio),
    /** A state's name: `f.state(iso3, storedName)`. */
    state: (iso3: string | null | undefined, storedName: string) => localStateName(lng, iso3, storedName),
  };
}
