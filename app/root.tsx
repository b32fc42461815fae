import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
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
  useMatches,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { z } from "zod";
import { useCspNonce } from "./components/csp-nonce";
import { getDb } from "./db.server";
import { hasSample } from "./models/sample-data.server";
import { getOptionalUser } from "./session.server";
import stylesHref from "./styles.css?url";

// In the browser, Zod must not try `new Function` (its JIT probe): the Content-Security-Policy forbids
// eval, and the probe would be reported as a violation on every page that parses a form.
if (typeof document !== "undefined") z.config({ jitless: true });

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesHref },
  { rel: "icon", href: "data:," },
];

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
      <strong>Sample data, not real assessments.</strong> This database holds made-up sample assessments (added by{" "}
      <code>npm run seed:sample</code>) to show how the charts work. Remove them with{" "}
      <code>npm run seed:sample -- --remove</code>.
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
            <header className="site-header">
              <Link to="/" className="brand">
                UPR Monitor
              </Link>
              <nav aria-label="Main">
                <NavLink to="/" end>
                  Reviews
                </NavLink>
                <NavLink to="/dashboard">Dashboard</NavLink>
                <NavLink to="/recommendations">Recommendations</NavLink>
                <NavLink to="/issues">Coalition issues</NavLink>
              </nav>
              <AccountNav />
            </header>
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

/** Accounts: "Sign in", or "<email> · Sign out" (a POST form), and the admin pages for admins. */
function AccountNav() {
  const user = useRouteLoaderData<typeof loader>("root")?.user ?? null;
  return (
    <nav aria-label="Account" className="account-nav">
      {user ? (
        <>
          <NavLink to="/assessments/bulk">Assess many</NavLink>
          <NavLink to="/import">Import</NavLink>
          {user.role === "admin" ? (
            <>
              <NavLink to="/admin/users">Users</NavLink>
              <NavLink to="/admin/audit">Audit log</NavLink>
              <NavLink to="/admin/imports">Imports</NavLink>
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
