import {
  clock,
  hourMarks,
  instantAt,
  minuteAt,
  minuteOfDay,
  movedWindow,
  percentOf,
  shanghaiDay,
  snap,
  spanOnAxis,
  startChoices,
} from './axis';

describe('the schedule time axis (Shanghai, 07:00–22:00)', () => {
  it('reads instants as minutes of the Shanghai day, whatever the zone they are written in', () => {
    expect(minuteOfDay('2026-12-08T09:30:00+08:00')).toBe(9 * 60 + 30);
    expect(minuteOfDay('2026-12-08T01:30:00Z')).toBe(9 * 60 + 30);
    expect(instantAt('2026-12-08', 9 * 60 + 30)).toBe('2026-12-08T01:30:00.000Z');
    expect(shanghaiDay(new Date('2026-12-07T17:00:00Z'))).toBe('2026-12-08');
  });

  it('places spans on the axis in percent, clamped to it', () => {
    expect(percentOf(7 * 60)).toBe(0);
    expect(percentOf(22 * 60)).toBe(100);
    expect(percentOf(6 * 60)).toBe(0);
    const span = spanOnAxis('2026-12-08T10:00:00+08:00', '2026-12-08T13:00:00+08:00');
    expect(span.left).toBeCloseTo(20);
    expect(span.width).toBeCloseTo(20);
    expect(spanOnAxis('2026-12-08T21:45:00+08:00', '2026-12-08T23:00:00+08:00').width).toBeCloseTo(100 / 60);
    expect(hourMarks()).toHaveLength(16);
    expect(hourMarks()[1]).toEqual({ hour: 8, label: '08:00', left: 100 / 15 });
  });

  it('turns a drop point into a start snapped to the quarter hour, keeping the length and the axis', () => {
    expect(minuteAt(300, 900)).toBe(12 * 60);
    expect(snap(9 * 60 + 7)).toBe(9 * 60);
    expect(snap(9 * 60 + 8)).toBe(9 * 60 + 15);
    expect(movedWindow('2026-12-08T09:00:00+08:00', '2026-12-08T12:00:00+08:00', '2026-12-08', 14 * 60 + 53)).toEqual({
      start: '2026-12-08T07:00:00.000Z',
      end: '2026-12-08T10:00:00.000Z',
      startMinute: 15 * 60,
    });
    // Dropped too late for the job to end by 22:00: it ends at 22:00.
    expect(movedWindow('2026-12-08T09:00:00+08:00', '2026-12-08T12:00:00+08:00', '2026-12-08', 21 * 60).startMinute).toBe(19 * 60);
    expect(movedWindow('2026-12-08T09:00:00+08:00', '2026-12-08T12:00:00+08:00', '2026-12-08', 5 * 60).startMinute).toBe(7 * 60);
  });

  it('offers the quarter-hour starts a job fits in', () => {
    const starts = startChoices(180);
    expect(clock(starts[0]!)).toBe('07:00');
    expect(clock(starts.at(-1)!)).toBe('19:00');
    expect(starts).toHaveLength(49);
  });
});
