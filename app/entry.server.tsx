// Remix's Node entry (its default, with two additions): the page is rendered with the request's
// Content-Security-Policy nonce, which the server (server/serve.ts) passes in the load context, so that
// Remix's inline scripts carry it (app/http/security-headers.server.ts, docs/security.md); and in the
// reader's language (app/http/language.server.ts), with the i18next instance of that language.
import { PassThrough } from "node:stream";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { CspNonceContext } from "./components/csp-nonce";
import { readerLanguage } from "./http/language.server";
import { instanceFor } from "./i18n/catalogues.server";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** This request's Content-Security-Policy nonce (server/serve.ts: cspNonceOf(res)). */
    cspNonce?: string;
  }
}

const ABORT_DELAY = 5_000;

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  // Bots get the whole page at once; browsers get the shell as soon as it is ready.
  const allAtOnce = isbot(request.headers.get("user-agent") ?? "") || remixContext.isSpaMode;
  const nonce = loadContext.cspNonce || undefined;
  const { lng } = readerLanguage(request);
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const ready = () => {
      shellRendered = true;
      const body = new PassThrough();
      responseHeaders.set("Content-Type", "text/html");
      resolve(
        new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }),
      );
      pipe(body);
    };
    const { pipe, abort } = renderToPipeableStream(
      <I18nextProvider i18n={instanceFor(lng)}>
        <CspNonceContext.Provider value={nonce ?? ""}>
          <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
        </CspNonceContext.Provider>
      </I18nextProvider>,
      {
        nonce,
        ...(allAtOnce ? { onAllReady: ready } : { onShellReady: ready }),
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) console.error(error);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}
