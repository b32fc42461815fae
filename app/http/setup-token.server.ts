// The one-time set-up address of a new installation: while no admin exists, the server (server/serve.ts)
// issues a random token at start and prints /setup?token=…; the set-up page (app/routes/setup.tsx)
// creates the first admin with it. Only the token's SHA-256 is kept, in this process's memory (the
// server bundle finds it through globalThis); it is compared in constant time and void once used.
import crypto from "node:crypto";

declare global {
  var __uprSetupTokenHash: Buffer | null | undefined;
}

const sha256 = (token: string) => crypto.createHash("sha256").update(token, "utf8").digest();

/** A new token (the previous one, if any, stops working). */
export function issueSetupToken(): string {
  const token = crypto.randomBytes(24).toString("base64url");
  globalThis.__uprSetupTokenHash = sha256(token);
  return token;
}

/** True when the token is the current one. */
export function setupTokenMatches(token: string | null | undefined): boolean {
  const hash = globalThis.__uprSetupTokenHash;
  if (!hash || typeof token !== "string" || token.length === 0 || token.length > 200) return false;
  return crypto.timingSafeEqual(hash, sha256(token));
}

/**
 * Takes the token for one use: true (and the token is void) when it matched. `restore` gives it back
 * when the set-up could not finish, so that a second request (a double click) cannot use it meanwhile.
 */
export function claimSetupToken(token: string | null | undefined): { restore: () => void } | null {
  if (!setupTokenMatches(token)) return null;
  const hash = globalThis.__uprSetupTokenHash!;
  globalThis.__uprSetupTokenHash = null;
  return {
    restore: () => {
      globalThis.__uprSetupTokenHash ??= hash;
    },
  };
}

export function voidSetupToken(): void {
  globalThis.__uprSetupTokenHash = null;
}
