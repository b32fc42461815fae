// Dates, numbers and percentages the reader's way (Intl, with the locale of intlLocale). Pure; formatters
// are made once per language and kind. Calendar dates are "YYYY-MM-DD" strings with no time zone.
import countries from "i18n-iso-countries";
import { intlLocale, type Language } from "./languages";

const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();

function dateFormat(lng: Language, kind: "day" | "month"): Intl.DateTimeFormat {
  const key = `${lng} ${kind}`;
  let f = cache.get(key) as Intl.DateTimeFormat | undefined;
  if (!f) {
    f = new Intl.DateTimeFormat(intlLocale(lng), {
      timeZone: "UTC",
      year: "numeric",
      month: "long",
      ...(kind === "day" ? { day: "numeric" } : {}),
    });
    cache.set(key, f);
  }
  return f;
}

function numberFormat(lng: Language, kind: "integer" | "percent"): Intl.NumberFormat {
  const key = `${lng} ${kind}`;
  let f = cache.get(key) as Intl.NumberFormat | undefined;
  if (!f) {
    f = new Intl.NumberFormat(intlLocale(lng), kind === "percent" ? { style: "percent" } : {});
    cache.set(key, f);
  }
  return f;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** '2010-05-06' -> '6 May 2010', '6 mai 2010', '6 مايو 2010'; a value that is not a date is shown as it is. */
export function localDate(lng: Language, iso: string): string {
  const m = ISO_DATE.exec(iso);
  if (!m) return iso;
  return dateFormat(lng, "day").format(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
}

/** '2015-01-31' (or '2015-01') -> 'January 2015', 'janvier 2015'. */
export function localMonth(lng: Language, iso: string): string {
  const m = /^(\d{4})-(\d{2})/.exec(iso);
  if (!m) return iso;
  return dateFormat(lng, "month").format(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1));
}

/** 1234 -> '1,234', '1 234', '1.234'. */
export function localNumber(lng: Language, n: number): string {
  return numberFormat(lng, "integer").format(n);
}

/** 0.42 -> '42%', '42 %', '42‎%‎'. Rounded to whole percents. */
export function localPercent(lng: Language, ratio: number): string {
  return numberFormat(lng, "percent").format(ratio);
}

/** A state's name in the reader's language from its ISO 3166-1 alpha-2 code; undefined when Intl has none. */
export function localRegionName(lng: Language, iso2: string | null | undefined): string | undefined {
  if (!iso2 || !/^[A-Z]{2}$/.test(iso2)) return undefined;
  let names = regionNames.get(lng);
  if (!names) {
    names = new Intl.DisplayNames([intlLocale(lng)], { type: "region", fallback: "none" });
    regionNames.set(lng, names);
  }
  return names.of(iso2);
}
const regionNames = new Map<Language, Intl.DisplayNames>();

/**
 * A state's name in the reader's language: the stored name (the UN's English short name) in English, else
 * the name Intl knows for its ISO code ("Slovénie", "سلوفينيا"); the stored name where Intl has none (former
 * states such as Yugoslavia, and codes that are not ISO 3166).
 */
export function localStateName(lng: Language, iso3: string | null | undefined, storedName: string): string {
  if (lng === "en" || !iso3) return storedName;
  return localRegionName(lng, countries.alpha3ToAlpha2(iso3.toUpperCase())) ?? storedName;
}
