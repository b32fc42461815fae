/**
 * Where OHCHR publishes the documents of a review, for a coalition that must import its
 * recommendations: the state's UPR page (which lists, per cycle, the matrix of recommendations, the
 * Working Group report and its addendum with the state's responses) and the report and addendum by
 * their UN document symbol. Pure (used by loaders only: it loads the country code table).
 */
import countries from "i18n-iso-countries";
import type { TFunction } from "i18next";

export interface DocumentLink {
  label: string;
  href: string;
}

const SYMBOL_RE = /^A\/HRC\/\d+\/\d+$/;

/** The links, labelled in the reader's words (`t`; `stateName` already in the reader's language). */
export function reviewDocumentLinks(
  review: {
    stateIso3: string | null;
    stateName: string;
    cycle: number;
    reportSymbol: string | null;
  },
  t: TFunction,
): DocumentLink[] {
  const links: DocumentLink[] = [];
  const iso2 = review.stateIso3 ? countries.alpha3ToAlpha2(review.stateIso3) : undefined;
  if (iso2) {
    links.push({
      label: t("review.documentOhchrPage", { state: review.stateName, cycle: review.cycle }),
      href: `https://www.ohchr.org/en/hr-bodies/upr/${iso2.toLowerCase()}-index`,
    });
  }
  if (review.reportSymbol && SYMBOL_RE.test(review.reportSymbol)) {
    links.push({
      label: t("review.documentReport", { symbol: review.reportSymbol }),
      href: `https://undocs.org/en/${review.reportSymbol}`,
    });
    links.push({
      label: t("review.documentAddendum", { symbol: `${review.reportSymbol}/Add.1` }),
      href: `https://undocs.org/en/${review.reportSymbol}/Add.1`,
    });
  }
  return links;
}
