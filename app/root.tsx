import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Form, isRouteErrorResponse, Link, Links, Meta, NavLink, Outlet, Scripts, ScrollRestoration, useRouteError, useRouteLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { getOptionalUser } from "./session.server";
import stylesHref from "./styles.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesHref }];

// Accounts: who is signed in, for the header. Reading needs no account, so anonymous is normal.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getOptionalUser(request);
  return { user: user ? { email: user.email, role: user.role, organisationName: user.organisationName } : null };
}

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
            <NavLink to="/recommendations">Recommendations</NavLink>
            <NavLink to="/issues">Coalition issues</NavLink>
          </nav>
          <AccountNav />
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

/** Accounts: "Sign in", or "<email> · Sign out" (a POST form), and the admin pages for admins. */
function AccountNav() {
  const user = useRouteLoaderData<typeof loader>("root")?.user ?? null;
  return (
    <nav aria-label="Account" className="account-nav">
      {user ? (
        <>
          <NavLink to="/assessments/bulk">Assess many</NavLink>
          {user.role === "admin" ? (
            <>
              <NavLink to="/admin/users">Users</NavLink>
              <NavLink to="/admin/audit">Audit log</NavLink>
              <NavLink to="/admin/backup">Backup</NavLink>
            </>
          ) : null}
          <NavLink to="/account/password" title={`Signed in for ${user.organisationName}; change password`}>
            {user.email}
          </NavLink>
          <span aria-hidden="true">·</span>
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
