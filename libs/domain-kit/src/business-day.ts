/**
 * Every branch works in China Standard Time: UTC+8 all year, no daylight saving. A "day" in the
 * business (a worker's daily job cap, a certificate's last valid day, a birthday, a leaderboard
 * month) is a calendar day there, not in UTC: until 08:00 there, UTC is still on the day before.
 */
export const BUSINESS_UTC_OFFSET_MS = 8 * 3_600_000;

/** The business day (`YYYY-MM-DD`) an instant (a Date or epoch milliseconds) falls on. */
export const businessDay = (at: Date | number): string =>
  new Date(+at + BUSINESS_UTC_OFFSET_MS).toISOString().slice(0, 10);

/** The instant a business day (`YYYY-MM-DD`) begins, its midnight: 16:00 UTC the day before. */
export const businessDayStart = (day: string): Date =>
  new Date(Date.parse(`${day}T00:00:00Z`) - BUSINESS_UTC_OFFSET_MS);
