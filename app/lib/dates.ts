// Calendar dates as the app stores and shows them: ISO "YYYY-MM-DD" strings in UTC. Pure.

/** Today's date in UTC, as YYYY-MM-DD (or the date of `now`). */
export function todayUtc(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}
