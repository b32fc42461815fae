import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  Form,
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useMatches,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { data } from "@remix-run/node";
import type { ReactNode } from "react";
import { Trans, useTranslation } from "react-i18next";
import { z } from "zod";
import { useCspNonce } from "./components/csp-nonce";
import { getDb } from "./db.server";
import { FAVICON, pageMeta } from "./lib/meta";
import { navFor } from "./lib/nav";
import { hasSample } from "./models/sample-data.server";
import { getOptionalUser, requestOrigin } from "./http/session.server";
import { readerLanguage, rememberLanguageCookie } from "./http/language.server";
import { i18n, metaT, tFor } from "./i18n/i18n";
import { DEFAULT_LANGUAGE, isLanguage, LANGUAGE_PARAM, LANGUAGES, languageDir } from "./i18n/languages";
import stylesHref from "./styles.css?url";
import pageStylesHref from "./styles-pages.css?url";

// In the browser, Zod must not try `new Function` (its JIT probe): the Content-Security-Policy forbids
// eval, and the probe would be reported as a violation on every page that parses a form.
if (typeof document !== "undefined") z.config({ jitless: true });

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesHref },
  { rel: "stylesheet", href: pageStylesHref },
  { rel: "icon", href: FAVICON, type: "image/svg+xml" },
];

// Pages without a meta of their own: an address that matches no route (404), and the error page.
export const meta: MetaFunction = ({ error, matches, location }) => {
  // An address that matches no route has no root data: the language its address asks for (?lang=), else
  // English; in the browser, the page's own language when that one is not loaded there.
  const asked = new URLSearchParams(location.search).get(LANGUAGE_PARAM);
  const wanted = isLanguage(asked) ? asked : DEFAULT_LANGUAGE;
  const t = matches.some((m) => m.id === "root" && m.data)
    ? metaT(matches)
    : tFor(i18n.hasResourceBundle(wanted, "translation") || !isLanguage(i18n.language) ? wanted : i18n.language);
  return error
    ? pageMeta(
        t,
        isRouteErrorResponse(error) && error.status === 404 ? t("errors.pageNotFound") : t("errors.somethingWrong"),
      )
    : pageMeta(t, t("common.siteName"));
};

// Accounts: who is signed in, for the header. Reading needs no account, so anonymous is normal.
// Sample data: while any is stored, every page says so. The reader's language (app/http/language.server.ts),
// remembered in a cookie when the address chose it; the origin, for the alternate-language links.
export async function loader({ request }: LoaderFunctionArgs) {
  const [user, sampleData] = await Promise.all([getOptionalUser(request), getDb().then(hasSample)]);
  const cookie = rememberLanguageCookie(request);
  return data(
    {
      user: user ? { email: user.email, role: user.role, organisationName: user.organisationName } : null,
      sampleData,
      lng: readerLanguage(request).lng,
      origin: requestOrigin(request),
    },
    cookie ? { headers: { "Set-Cookie": cookie } } : undefined,
  );
}

/** Shown on every page while sample assessments or links are stored. */
function SampleBanner() {
  const sampleData = useRouteLoaderData<typeof loader>("root")?.sampleData;
  const { t } = useTranslation();
  if (!sampleData) return null;
  return (
    <p className="sample-banner" role="note" data-testid="sample-banner">
      <strong>{t("layout.sampleTitle")}</strong>{" "}
      <span className="sample-more">
        <Trans i18nKey="layout.sampleMore" components={[<code key="0" />, <code key="1" />]} />
      </span>
    </p>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  // Embedded charts (/embed/...) are shown alone in another site's frame: no header or footer.
  const embedded = useMatches().some((m) => m.id.startsWith("routes/embed."));
  const nonce = useCspNonce();
  const { t, i18n } = useTranslation();
  const root = useRouteLoaderData<typeof loader>("root");
  // An address that matches no route has no root data: the language the page is rendered in says it.
  const lng = root?.lng ?? (isLanguage(i18n.language) ? i18n.language : DEFAULT_LANGUAGE);
  return (
    <html lang={lng} dir={languageDir(lng)}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
        <AlternateLanguages origin={root?.origin} />
      </head>
      <body className={embedded ? "embedded" : undefined}>
        {embedded ? (
          <>
            <SampleBanner />
            {children}
          </>
        ) : (
          <>
            <a className="skip" href="#main">
              {t("layout.skipToContent")}
            </a>
            <SiteHeader />
            <SampleBanner />
            <main id="main">{children}</main>
            <footer className="site-footer">
              <p>
                {t("layout.footer")}{" "}
                <Trans i18nKey="layout.footerWordCount" components={[<Link key="0" to="/tools/word-count" />]} />
              </p>
              <LanguageSwitcher />
            </footer>
          </>
        )}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

/**
 * The header: the name, and a menu built from NAV (app/lib/nav.ts). On phones the menu folds behind a
 * "Menu" button that is a checkbox's label, so it opens without JavaScript; it closes again on the
 * next page (the checkbox is new for each address).
 */
function SiteHeader() {
  const user = useRouteLoaderData<typeof loader>("root")?.user ?? null;
  const location = useLocation();
  const { t } = useTranslation();
  return (
    <header className="site-header">
      <Link to="/" className="brand">
        {t("common.siteName")}
      </Link>
      <input
        key={location.pathname + location.search}
        type="checkbox"
        id="menu-toggle"
        className="menu-toggle"
        aria-controls="site-menu"
        aria-label={t("layout.menu")}
      />
      <label htmlFor="menu-toggle" className="menu-button">
        {t("layout.menu")}
      </label>
      <div className="menu" id="site-menu">
        <nav aria-label={t("layout.mainNav")}>
          {navFor(user?.role ?? null).map((e) => (
            <NavLink key={e.to} to={e.to} end={e.end}>
              {t(`layout.nav.${e.label}`)}
            </NavLink>
          ))}
        </nav>
        <AccountNav />
      </div>
    </header>
  );
}

/** Accounts: "Sign in", or "<email> · Sign out" (a POST form). */
function AccountNav() {
  const user = useRouteLoaderData<typeof loader>("root")?.user ?? null;
  const { t } = useTranslation();
  return (
    <nav aria-label={t("layout.accountNav")} className="account-nav">
      {user ? (
        <>
          <NavLink
            to="/account/password"
            title={t("layout.signedInFor", { organisation: user.organisationName })}
            dir="auto"
          >
            {user.email}
          </NavLink>
          <Form method="post" action="/logout" className="inline">
            <button type="submit" className="link">
              {t("layout.signOut")}
            </button>
          </Form>
        </>
      ) : (
        <NavLink to="/login">{t("layout.signIn")}</NavLink>
      )}
    </nav>
  );
}

/** This page's address in another language: `?lang=xx` replacing any language already in it. */
function addressIn(pathname: string, search: string, lng: string): string {
  const params = new URLSearchParams(search);
  params.set(LANGUAGE_PARAM, lng);
  return `${pathname}?${params.toString()}`;
}

/**
 * The languages, each a link to this page in it (a full page load: the browser then loads that
 * language's words). Each name is written in its own language, so a reader finds theirs.
 */
function LanguageSwitcher() {
  const { t, i18n } = useTranslation();
  const location = useLocation();
  return (
    <nav aria-label={t("layout.languageNav")} className="language-switcher">
      <ul>
        {LANGUAGES.map((l) => (
          <li key={l.code}>
            {l.code === i18n.language ? (
              <strong lang={l.code} dir={l.dir} aria-current="true">
                {l.name}
              </strong>
            ) : (
              <a
                href={addressIn(location.pathname, location.search, l.code)}
                lang={l.code}
                hrefLang={l.code}
                dir={l.dir}
              >
                {l.name}
              </a>
            )}
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** `<link rel="alternate" hreflang>` for each language, and x-default (the address without a language). */
function AlternateLanguages({ origin }: { origin: string | undefined }) {
  const location = useLocation();
  if (!origin) return null;
  const params = new URLSearchParams(location.search);
  params.delete(LANGUAGE_PARAM);
  const rest = params.toString();
  return (
    <>
      {LANGUAGES.map((l) => (
        <link
          key={l.code}
          rel="alternate"
          hrefLang={l.code}
          href={origin + addressIn(location.pathname, rest, l.code)}
        />
      ))}
      <link rel="alternate" hrefLang="x-default" href={`${origin}${location.pathname}${rest ? `?${rest}` : ""}`} />
    </>
  );
}

export default function App() {
  return <Outlet />;
}

/** What a reader sees when a page cannot be shown: plain words and a way on, never developer text. */
export function ErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  // Our own 404s say what is missing ("There is no such review."); Remix's own say "Error: No route matches URL".
  const said =
    isRouteErrorResponse(error) && typeof error.data === "string" && !/^Error\b|^\s*$/.test(error.data)
      ? error.data
      : null;
  return (
    <section className="error-page" data-testid="error-page">
      <h1>
        {notFound
          ? t("errors.pageNotFound")
          : isRouteErrorResponse(error)
            ? error.status === 403
              ? t("errors.notAllowed")
              : t("errors.couldNotShow")
            : t("errors.somethingWrong")}
      </h1>
      {notFound ? (
        <p>{said ?? t("errors.noPageHere")}</p>
      ) : isRouteErrorResponse(error) ? (
        <p>{said ?? t("errors.couldNotShowSentence")}</p>
      ) : (
        <p>{t("errors.tryAgain")}</p>
      )}
      <ul>
        <li>
          <Link to="/">{t("errors.linkReviews")}</Link>
        </li>
        <li>
          <Link to="/recommendations">{t("errors.linkSearch")}</Link>
        </li>
        <li>
          <Link to="/dashboard">{t("errors.linkDashboard")}</Link>
        </li>
      </ul>
    </section>
  );
}
