/**
 * The schedule board's time axis: minutes of a Shanghai day (UTC+8 all year, no daylight saving)
 * and where they sit on the axis, in percent. Pure, so it is unit-tested.
 */
export const AXIS_FROM_HOUR = 7;
export const AXIS_TO_HOUR = 22;
export const SNAP_MINUTES = 15;

const SHANGHAI_OFFSET_MS = 8 * 60 * 60_000;
const DAY_MINUTES = 24 * 60;
const axisFrom = AXIS_FROM_HOUR * 60;
const axisSpan = (AXIS_TO_HOUR - AXIS_FROM_HOUR) * 60;

/** A number of minutes as a share of the axis, in percent. */
export const percentOfSpan = (minutes: number) => (minutes / axisSpan) * 100;

/** Today in Shanghai, YYYY-MM-DD. */
export const shanghaiDay = (now: Date = new Date()) =>
  new Date(now.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);

/** Minutes since midnight in Shanghai of an instant. */
export const minuteOfDay = (iso: string) =>
  Math.floor((((Date.parse(iso) + SHANGHAI_OFFSET_MS) / 60_000) % DAY_MINUTES + DAY_MINUTES) % DAY_MINUTES);

/** The instant at `minute` past midnight of a Shanghai day, ISO in UTC. */
export const instantAt = (day: string, minute: number) =>
  new Date(Date.parse(`${day}T00:00:00+08:00`) + minute * 60_000).toISOString();

/** Where a minute of the day sits on the axis, 0–100 (clamped to the axis). */
export const percentOf = (minute: number) =>
  Math.min(100, Math.max(0, ((minute - axisFrom) / axisSpan) * 100));

/** A span's place on the axis: left and width in percent, at least a sliver so it stays visible. */
export function spanOnAxis(start: string, end: string) {
  const from = minuteOfDay(start);
  const to = Math.max(from, from + Math.round((Date.parse(end) - Date.parse(start)) / 60_000));
  const left = percentOf(from);
  return { left, width: Math.max(0.5, percentOf(to) - left) };
}

/** The minute of the day under a point `x` pixels into an axis `width` pixels wide. */
export const minuteAt = (x: number, width: number) => axisFrom + (x / width) * axisSpan;

/** The minutes `x` pixels of an axis `width` pixels wide stand for. */
export const minutesAcross = (x: number, width: number) => (x / width) * axisSpan;

/** To the nearest quarter hour (or `step`). */
export const snap = (minute: number, step = SNAP_MINUTES) => Math.round(minute / step) * step;

/** The hours drawn on the axis grid, with their place in percent. */
export const hourMarks = () =>
  Array.from({ length: AXIS_TO_HOUR - AXIS_FROM_HOUR + 1 }, (_, i) => {
    const hour = AXIS_FROM_HOUR + i;
    return { hour, label: `${String(hour).padStart(2, '0')}:00`, left: percentOf(hour * 60) };
  });

/** HH:MM of a minute of the day. */
export const clock = (minute: number) =>
  `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

/**
 * A job moved to start at `startMinute` on `day`: the same length, the start snapped to the quarter
 * hour and kept so the job lies inside the axis.
 */
export function movedWindow(start: string, end: string, day: string, startMinute: number) {
  const length = Math.round((Date.parse(end) - Date.parse(start)) / 60_000);
  const latest = AXIS_TO_HOUR * 60 - length;
  const from = Math.min(Math.max(snap(startMinute), axisFrom), Math.max(axisFrom, latest));
  return { start: instantAt(day, from), end: instantAt(day, from + length), startMinute: from };
}

/** The quarter-hour starts a job of `length` minutes may take on the axis. */
export const startChoices = (length: number) => {
  const choices: number[] = [];
  for (let m = axisFrom; m + length <= AXIS_TO_HOUR * 60; m += SNAP_MINUTES) choices.push(m);
  return choices;
};
