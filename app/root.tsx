import type { LinksFunction } from "@remix-run/node";
import { isRouteErrorResponse, Link, Links, Meta, NavLink, Outlet, Scripts, ScrollRestoration, useRouteError } from "@remix-run/react";
import type { ReactNode } from "react";
import stylesHref from "./styles.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesHref }];

export function Layout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip" href="#main">
          Skip to content
        </a>
        <header className="site-header">
          <Link to="/" className="brand">
            UPR Monitor
          </Link>
          <nav aria-label="Main">
            <NavLink to="/" end>
              Reviews
            </NavLink>
            <NavLink to="/issues">Coalition issues</NavLink>
          </nav>
        </header>
        <main id="main">{children}</main>
        <footer className="site-footer">
          <p>
            Recommendations are quoted verbatim from the reports of the UPR Working Group of the UN Human Rights Council.
            Implementation assessments are made by the organisations named beside them.
          </p>
        </footer>
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  if (isRouteErrorResponse(error)) {
    return (
      <section>
        <h1>
          {error.status} {error.statusText}
        </h1>
        <p>{typeof error.data === "string" ? error.data : "This page could not be shown."}</p>
        <p>
          <Link to="/">Back to the reviews</Link>
        </p>
      </section>
    );
  }
  return (
    <section>
      <h1>Something went wrong</h1>
      <p>The page could not be shown. Nothing you entered was lost; please try again.</p>
    </section>
  );
}
