// The one-time set-up addresses of a new installation (table setup_token): while no admin exists, each
// server prints /setup?token=… at start (server/serve.ts); the set-up page (app/routes/setup.tsx)
// creates the first admin with any of them, through any server. Only each token's SHA-256 is kept (a
// random 192-bit token needs no slow hash); a token expires after SETUP_TOKEN_HOURS, and every token is
// consumed in the transaction that creates the first admin (users.server.ts, createFirstAdmin).
import crypto from "node:crypto";
import { sql, type Kysely, type Transaction } from "kysely";
import type { Database } from "../../db/schema";

export const SETUP_TOKEN_HOURS = 24;

const MAX_TOKEN_LENGTH = 200;

function tokenHash(token: string): string {
  return crypto.createHash("sha256").update(token, "utf8").digest("hex");
}

const usable = (token: string | null | undefined): token is string =>
  typeof token === "string" && token.length > 0 && token.length <= MAX_TOKEN_LENGTH;

/** A new token, valid for SETUP_TOKEN_HOURS alongside those other servers printed; expired ones are removed. */
export async function issueSetupToken(db: Kysely<Database>): Promise<string> {
  const token = crypto.randomBytes(24).toString("base64url");
  await db.transaction().execute(async (trx) => {
    await trx
      .deleteFrom("setup_token")
      .where("expires_at", "<=", sql<Date>`now()`)
      .execute();
    await trx
      .insertInto("setup_token")
      .values({
        token_hash: tokenHash(token),
        expires_at: sql<Date>`now() + make_interval(hours => ${SETUP_TOKEN_HOURS})`,
      })
      .execute();
  });
  return token;
}

/** True when the token is one a server issued, not yet used and not expired. */
export async function setupTokenValid(db: Kysely<Database>, token: string | null | undefined): Promise<boolean> {
  if (!usable(token)) return false;
  const row = await db
    .selectFrom("setup_token")
    .select("token_hash")
    .where("token_hash", "=", tokenHash(token))
    .where("expires_at", ">", sql<Date>`now()`)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Inside the transaction that creates the first admin: deletes every set-up token (all are void once an
 * admin exists) and says whether `token` was among the valid ones. Two set-ups at once through two
 * servers: the second waits for the first's row locks, then finds the tokens gone.
 */
export async function consumeSetupTokens(
  trx: Transaction<Database>,
  token: string | null | undefined,
): Promise<boolean> {
  const deleted = await trx
    .deleteFrom("setup_token")
    .returning(["token_hash", sql<boolean>`expires_at > now()`.as("valid")])
    .execute();
  if (!usable(token)) return false;
  const hash = tokenHash(token);
  return deleted.some((row) => row.token_hash === hash && row.valid);
}

/** Once an admin exists, no set-up address works any more. */
export async function voidSetupTokens(db: Kysely<Database>): Promise<void> {
  await db.deleteFrom("setup_token").execute();
}
