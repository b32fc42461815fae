// Remix's browser entry (its default, with one addition): before hydrating, the catalogue of the page's
// language (<html lang>) is loaded, so that the browser renders the same words as the server did. Each
// language's catalogue is a chunk of its own: a reader downloads only theirs. A change of language
// reloads the page (the switcher's links), so the language never changes while a page is open.
import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { I18nextProvider } from "react-i18next";
import { addCatalogue, i18n } from "./i18n/i18n";
import { DEFAULT_LANGUAGE, isLanguage } from "./i18n/languages";

const catalogues = import.meta.glob<object>("./locales/*.json", { import: "default" });

async function hydrate() {
  const lang = document.documentElement.lang;
  const lng = isLanguage(lang) ? lang : DEFAULT_LANGUAGE;
  const load = catalogues[`./locales/${lng}.json`];
  if (load) addCatalogue(lng, await load());
  await i18n.changeLanguage(lng);
  startTransition(() => {
    hydrateRoot(
      document,
      <StrictMode>
        <I18nextProvider i18n={i18n}>
          <RemixBrowser />
        </I18nextProvider>
      </StrictMode>,
    );
  });
}

void hydrate();
