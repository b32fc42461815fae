// The language a browser's Accept-Language header asks for among ours, by the negotiator package (Express's
// own): q-values and order, and a regional tag ("fr-CH") chooses its language ("fr"). Used by the pages
// (app/http/language.server.ts) and by the page cache's key (server/page-cache.ts).
import Negotiator from "negotiator";
import { isLanguage, LANGUAGE_CODES, type Language } from "./languages";

/** The language an Accept-Language header chooses among ours (q-values and order; "fr-CH" is French). */
export function acceptedLanguage(header: string | null | undefined): Language | undefined {
  if (!header) return undefined;
  const chosen = new Negotiator({ headers: { "accept-language": header.slice(0, 1000) } }).language([
    ...LANGUAGE_CODES,
  ]);
  return isLanguage(chosen) ? chosen : undefined;
}
