// Limits on failed sign-ins, and the record of attempts (table sign_in_attempt). users.server.ts signs in.
import { type Kysely, sql } from "kysely";
import type { Database } from "../../db/schema";

// Signing in, with limits on failed attempts per (account, address) pair, per address and per account
//
// A stranger guessing from one address is stopped by the pair limits (5 failures in 15 minutes, 20 in
// a day) without touching anyone else: the owner signing in from another address is not affected. The
// per-address limit stops one address trying many accounts. The per-account limit (100 failures in a
// day, from every address together) stops a guesser with many addresses; one address alone can never
// reach it (its own pair limit stops it at 20 a day), and addresses the account has signed in from
// successfully in the last 30 days are not held back by it, so the owner's usual places still work.

export interface SignInLimits {
  /** How long a failure counts for the short limits. */
  windowMs: number;
  /** Failures of one account from one address within windowMs (since that pair's last success). */
  perPair: number;
  /** Failures from one client address, whatever the account, within windowMs. */
  perAddress: number;
  /** How long a failure counts for the long limits. */
  longWindowMs: number;
  /** Failures of one account from one address within longWindowMs (since that pair's last success). */
  perPairLong: number;
  /** Failures of one account from all addresses within longWindowMs (since its last success). */
  perAccountLong: number;
}

export const SIGN_IN_LIMITS: SignInLimits = {
  windowMs: 15 * 60 * 1000,
  perPair: 5,
  perAddress: 20,
  longWindowMs: 24 * 60 * 60 * 1000,
  perPairLong: 20,
  perAccountLong: 100,
};

/** Attempts older than this are deleted as new ones come in; also how long an address stays "known" to an account. */
const ATTEMPT_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

export interface AttemptContext {
  /** The client's address, or null when unknown (then attempts without an address share one pair). */
  address: string | null;
  /** The clock; tests pass their own. */
  now?: Date;
  limits?: SignInLimits;
}

/** When the n-th newest failure leaves the window, or null when there are fewer than n. */
function lockEnd(failures: { at: Date }[], n: number, windowMs: number): number | null {
  return failures.length >= n ? new Date(failures[n - 1]!.at).getTime() + windowMs : null;
}

/** Until when sign-in to this account from this address is refused, or null when it is not. */
export async function signInLockedUntil(
  db: Kysely<Database>,
  email: string,
  context: AttemptContext,
): Promise<Date | null> {
  const now = context.now ?? new Date();
  const limits = context.limits ?? SIGN_IN_LIMITS;
  const address = normaliseAddress(context.address);
  const longSince = new Date(now.getTime() - Math.max(limits.windowMs, limits.longWindowMs));
  const shortSince = new Date(now.getTime() - limits.windowMs);

  const sameAddress = <T extends { where: (...args: any[]) => T }>(q: T): T =>
    address === null ? q.where("address", "is", null) : q.where("address", "=", address);

  // The last successful sign-ins of the account, from this address and from anywhere.
  const successes = await db
    .selectFrom("sign_in_attempt")
    .select([
      sql<Date | null>`max(at)`.as("anywhere"),
      (address === null
        ? sql<Date | null>`max(at) filter (where address is null)`
        : sql<Date | null>`max(at) filter (where address = ${address})`
      ).as("here"),
    ])
    .where("email", "=", email)
    .where("succeeded", "=", true)
    .where("at", "<=", now)
    .executeTakeFirst();
  const lastHere = successes?.here ? new Date(successes.here) : null;
  const lastAnywhere = successes?.anywhere ? new Date(successes.anywhere) : null;
  const knownAddress = lastHere !== null && now.getTime() - lastHere.getTime() <= ATTEMPT_RETENTION_MS;

  // Failures of this account from this address since the pair's last success, newest first.
  const pairFailures = await sameAddress(
    db
      .selectFrom("sign_in_attempt")
      .select("at")
      .where("email", "=", email)
      .where("succeeded", "=", false)
      .where("at", ">", lastHere && lastHere > longSince ? lastHere : longSince)
      .where("at", "<=", now),
  )
    .orderBy("at", "desc")
    .limit(Math.max(limits.perPair, limits.perPairLong))
    .execute();
  const addressFailures = address
    ? await db
        .selectFrom("sign_in_attempt")
        .select("at")
        .where("address", "=", address)
        .where("succeeded", "=", false)
        .where("at", ">", shortSince)
        .where("at", "<=", now)
        .orderBy("at", "desc")
        .limit(limits.perAddress)
        .execute()
    : [];
  const accountFailures = knownAddress
    ? []
    : await db
        .selectFrom("sign_in_attempt")
        .select("at")
        .where("email", "=", email)
        .where("succeeded", "=", false)
        .where("at", ">", lastAnywhere && lastAnywhere > longSince ? lastAnywhere : longSince)
        .where("at", "<=", now)
        .orderBy("at", "desc")
        .limit(limits.perAccountLong)
        .execute();

  const inShort = pairFailures.filter((f) => new Date(f.at) > shortSince);
  const untils = [
    lockEnd(inShort, limits.perPair, limits.windowMs),
    lockEnd(pairFailures, limits.perPairLong, limits.longWindowMs),
    lockEnd(addressFailures, limits.perAddress, limits.windowMs),
    lockEnd(accountFailures, limits.perAccountLong, limits.longWindowMs),
  ].filter((u): u is number => u !== null && u > now.getTime());
  return untils.length ? new Date(Math.max(...untils)) : null;
}

export async function recordAttempt(
  db: Kysely<Database>,
  email: string,
  succeeded: boolean,
  context: AttemptContext,
): Promise<void> {
  const now = context.now ?? new Date();
  await db
    .insertInto("sign_in_attempt")
    .values({ at: now, email, address: normaliseAddress(context.address), succeeded })
    .execute();
  await db
    .deleteFrom("sign_in_attempt")
    .where("at", "<", new Date(now.getTime() - ATTEMPT_RETENTION_MS))
    .execute();
}

function normaliseAddress(address: string | null): string | null {
  const a = address?.trim();
  return a ? a.slice(0, 100) : null;
}
