import { toMs } from '../../src/planning/domain/city-day';
import { generateDay } from './generate-day';

describe('generateDay', () => {
  const day = generateDay(500, 80, 42);
  const hour = (instant: number | Date) => {
    const local = new Date(toMs(instant) + 8 * 3_600_000);
    return local.getUTCHours() + local.getUTCMinutes() / 60;
  };

  it('gives the same day for the same seed, another for another seed', () => {
    expect(generateDay(500, 80, 42)).toEqual(day);
    expect(generateDay(500, 80, 43).orders).not.toEqual(day.orders);
  });

  it('makes orders of 1–4 hours in 2–4 hour windows between 08:00 and 20:00 China Standard Time', () => {
    expect(day.orders).toHaveLength(500);
    expect(new Set(day.orders.map((o) => o.orderId)).size).toBe(500);
    for (const o of day.orders) {
      const length = (toMs(o.window.end) - toMs(o.window.start)) / 3_600_000;
      expect([2, 3, 4]).toContain(length);
      expect(o.durationMinutes % 30).toBe(0);
      expect(o.durationMinutes).toBeGreaterThanOrEqual(60);
      expect(o.durationMinutes).toBeLessThanOrEqual(240);
      expect(hour(o.window.start)).toBeGreaterThanOrEqual(8);
      expect(hour(o.window.start) + Math.max(length, o.durationMinutes / 60)).toBeLessThanOrEqual(20);
      expect(Math.abs(o.location.lat - 31.2)).toBeLessThan(0.5);
      expect(Math.abs(o.location.lng - 121.47)).toBeLessThan(0.5);
    }
  });

  it('makes workers on 08:00–18:00 or 10:00–20:00 with caps of 4–6', () => {
    expect(day.workers).toHaveLength(80);
    for (const w of day.workers) {
      expect(w.shifts).toHaveLength(1);
      expect([
        [8, 18],
        [10, 20],
      ]).toContainEqual([hour(w.shifts[0]!.start), hour(w.shifts[0]!.end)]);
      expect(w.dailyCap).toBeGreaterThanOrEqual(4);
      expect(w.dailyCap).toBeLessThanOrEqual(6);
      expect(w.eligibleItems.length).toBeGreaterThanOrEqual(2);
      expect(w.serviceAreas.length).toBeGreaterThanOrEqual(1);
    }
    expect(day.workers.some((w) => w.existingJobs.length > 0)).toBe(true);
  });
});
