import { hourlySummary, summaryBranch, summaryHour } from '@platform/eventing';

/**
 * `order_board_hours`: the board's orders counted per branch, hour of the appointment's start
 * (UTC, `2026-12-07T08`), channel and status, kept by a trigger (`hourlySummary`), so the
 * dashboard's order figures over a period add up a few hundred rows plus the orders of its first
 * and last part-hours instead of reading every order of the period. A missing channel or status
 * is kept as ''.
 */
export const ORDER_HOURS_TABLE = 'order_board_hours';

/** The hour rows of the orders `source` yields (rows with a `document` column). */
export function orderHourCounts(source: string): string {
  return `SELECT ${summaryBranch('branchId')} AS branch, ${summaryHour('appointmentStart')} AS hour,
       coalesce(document->>'channel', '') AS channel, coalesce(document->>'status', '') AS status, count(*)::int AS orders
     FROM ${source} WHERE document IS NOT NULL AND document->>'appointmentStart' IS NOT NULL
     GROUP BY 1, 2, 3, 4`;
}

export const orderBoardHours = hourlySummary({
  name: ORDER_HOURS_TABLE,
  columns: `branch text NOT NULL, hour text NOT NULL, channel text NOT NULL, status text NOT NULL, orders integer NOT NULL,
    PRIMARY KEY (branch, hour, channel, status)`,
  branchField: 'branchId',
  startField: 'appointmentStart',
  counted: ['branchId', 'appointmentStart', 'channel', 'status'],
  figures: orderHourCounts,
});
