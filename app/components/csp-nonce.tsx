// The Content-Security-Policy nonce of this request (app/http/security-headers.server.ts), for the inline
// scripts Remix writes (<Scripts>, <ScrollRestoration>). Set by app/entry.server.tsx; in the browser it
// is "" (browsers hide nonces from the page, and scripts added after load need none).
import { createContext, useContext } from "react";

export const CspNonceContext = createContext("");

export function useCspNonce(): string {
  return useContext(CspNonceContext);
}
