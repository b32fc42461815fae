// Every language's catalogue, registered on the server at start: pages, files and feeds of any language are
// made there. The browser loads only its page's (app/entry.client.tsx).
import ar from "../locales/ar.json";
import en from "../locales/en.json";
import es from "../locales/es.json";
import fr from "../locales/fr.json";
import sw from "../locales/sw.json";
import { addCatalogue } from "./i18n";
import type { Language } from "./languages";

export const CATALOGUES: Record<Language, object> = { en, fr, es, sw, ar };
for (const [lng, catalogue] of Object.entries(CATALOGUES)) addCatalogue(lng as Language, catalogue);

export { instanceFor, tFor } from "./i18n";
