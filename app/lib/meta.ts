// A page's title, description and link preview (Open Graph and Twitter card tags), the same way on every
// public page. Pure: routes call it from their `meta` export.

import type { TFunction } from "i18next";

export const SITE_NAME = "UPR Monitor";

type MetaTag = { title: string } | { name: string; content: string } | { property: string; content: string };

/**
 * "<title>: UPR Monitor", a description (by default the site's), and the tags that shared links are previewed
 * with, in the page's language (`t`: metaT(matches) from app/i18n/i18n.ts).
 */
export function pageMeta(t: TFunction, title: string, description: string = t("common.siteDescription")): MetaTag[] {
  const full = title === SITE_NAME ? title : `${title}: ${SITE_NAME}`;
  return [
    { title: full },
    { name: "description", content: description },
    { property: "og:type", content: "website" },
    { property: "og:site_name", content: SITE_NAME },
    { property: "og:title", content: title },
    { property: "og:description", content: description },
    { name: "twitter:card", content: "summary" },
    { name: "twitter:title", content: title },
    { name: "twitter:description", content: description },
  ];
}

/** The 16-pixel mark in the browser's tab: an SVG as a data address (the CSP allows data: images). */
export const FAVICON =
  "data:image/svg+xml," +
  encodeURIComponent(
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#0b5cad"/>' +
      '<path d="M7 22h4V14H7zm7 0h4V9h-4zm7 0h4V17h-4z" fill="#fff"/></svg>',
  );
