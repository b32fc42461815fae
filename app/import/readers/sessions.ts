/**
 * UPR Working Group sessions and cycles (docs/domain.md, "Cycles and sessions"): cycle 1 = sessions 1-12 (2008-2011),
 * cycle 2 = 13-26 (2012-2016), cycle 3 = 27-40 (2017-2022), cycle 4 = 41-54 (2022-2027).
 * A unit test checks this against seed-data/upr-sessions.csv.
 */
export const FIRST_SESSION = 1;
export const LAST_SESSION = 54;

const CYCLE_FIRST_SESSIONS = [1, 13, 27, 41] as const; // index + 1 = cycle

export type UprCycle = 1 | 2 | 3 | 4;

/** Cycle of a session (1..54), or null for a session outside that range. */
export function cycleForSession(session: number): UprCycle | null {
  if (!Number.isInteger(session) || session < FIRST_SESSION || session > LAST_SESSION) return null;
  let cycle = 1;
  for (let i = 1; i < CYCLE_FIRST_SESSIONS.length; i++) if (session >= CYCLE_FIRST_SESSIONS[i]) cycle = i + 1;
  return cycle as UprCycle;
}

/** Every session with its cycle, in order (the same rows as upr-sessions.csv). */
export const UPR_SESSIONS: ReadonlyArray<{ session: number; cycle: UprCycle }> = Array.from(
  { length: LAST_SESSION },
  (_, i) => ({ session: i + 1, cycle: cycleForSession(i + 1) as UprCycle }),
);
