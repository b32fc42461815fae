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
import type { ReactNode } from "react";
import { z } from "zod";
import { useCspNonce } from "./components/csp-nonce";
import { getDb } from "./db.server";
import { FAVICON, pageMeta } from "./lib/meta";
import { navFor } from "./lib/nav";
import { hasSample } from "./models/sample-data.server";
import { getOptionalUser } from "./http/session.server";
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
export const meta: MetaFunction = ({ error }) =>
  error
    ? pageMeta(isRouteErrorResponse(error) && error.status === 404 ? "Page not found" : "Something went wrong")
    : pageMeta("UPR Monitor");

// Accounts: who is signed in, for the header. Reading needs no account, so anonymous is normal.
// Sample data: while any is stored, every page says so.
export async function loader({ request }: LoaderFunctionArgs) {
  const [user, sampleData] = await Promise.all([getOptionalUser(request), getDb().then(hasSample)]);
  return {
    user: user ? { email: user.email, role: user.role, organisationName: user.organisationName } : null,
    sampleData,
  };
}

/** Shown on every page while sample assessments or links are stored. */
function SampleBanner() {
  const sampleData = useRouteLoaderData<typeof loader>("root")?.sampleData;
  if (!sampleData) return null;
  return (
    <p className="sample-banner" role="note" data-testid="sample-banner">
      <strong>Sample data, not real assessments.</strong>{" "}
      <span className="sample-more">
        This database holds made-up sample assessments, issue links and a sample submission with asks (added by{" "}
        <code>npm run seed:sample</code>) to show how the pages work. Remove them with{" "}
        <code>npm run seed:sample -- --remove</code>.
      </span>
    </p>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  // Embedded charts (/embed/...) are shown alone in another site's frame: no header or footer.
  const embedded = useMatches().some((m) => m.id.startsWith("routes/embed."));
  const nonce = useCspNonce();
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
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
              Skip to content
            </a>
            <SiteHeader />
            <SampleBanner />
            <main id="main">{children}</main>
            <footer className="site-footer">
              <p>
                Recommendations are quoted verbatim from the reports of the UPR Working Group of the UN Human Rights
                Council. Implementation assessments are made by the organisations named beside them.{" "}
                <Link to="/tools/word-count">Word count</Link> of a submission draft.
              </p>
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
  return (
    <header className="site-header">
      <Link to="/" className="brand">
        UPR Monitor
      </Link>
      <input
        key={location.pathname + location.search}
        type="checkbox"
        id="menu-toggle"
        className="menu-toggle"
        aria-controls="site-menu"
        aria-label="Menu"
      />
      <label htmlFor="menu-toggle" className="menu-button">
        Menu
      </label>
      <div className="menu" id="site-menu">
        <nav aria-label="Main">
          {navFor(user?.role ?? null).map((e) => (
            <NavLink key={e.to} to={e.to} end={e.end}>
              {e.label}
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
  return (
    <nav aria-label="Account" className="account-nav">
      {user ? (
        <>
          <NavLink to="/account/password" title={`Signed in for ${user.organisationName}; change password`}>
            {user.email}
          </NavLink>
          <Form method="post" action="/logout" className="inline">
            <button type="submit" className="link">
              Sign out
            </button>
          </Form>
        </>
      ) : (
        <NavLink to="/login">Sign in</NavLink>
      )}
    </nav>
  );
}

export default function App() {
  return <Outlet />;
}

/** What a reader sees when a page cannot be shown: plain words and a way on, never developer text. */
export function ErrorBoundary() {
  const error = useRouteError();
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
          ? "Page not found"
          : isRouteErrorResponse(error)
            ? error.status === 403
              ? "Not allowed"
              : "This page could not be shown"
            : "Something went wrong"}
      </h1>
      {notFound ? (
        <p>{said ?? "There is no page at this address. It may have moved, or the link may be mistyped."}</p>
      ) : isRouteErrorResponse(error) ? (
        <p>{said ?? "This page could not be shown."}</p>
      ) : (
        <p>The page could not be shown. Nothing you entered was lost; please try again in a moment.</p>
      )}
      <ul>
        <li>
          <Link to="/">The reviews</Link>
        </li>
        <li>
          <Link to="/recommendations">Search the recommendations</Link>
        </li>
        <li>
          <Link to="/dashboard">The progress dashboard</Link>
        </li>
      </ul>
    </section>
  );
}
