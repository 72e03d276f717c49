import { cstWeekday, clockMinutes, cstMinuteOfDay, toMillis } from '../../src/matching/domain/dispatch-view';
import { generateCity, generateOrders } from './generate-city';
import { businessDay, haversineKm } from '@platform/domain-kit';

describe('the generated city the dispatch benchmark runs on', () => {
  const city = generateCity(2000, 42);

  it('is the same city for the same size and seed, and another for another seed', () => {
    expect(generateCity(300, 9)).toEqual(generateCity(300, 9));
    expect(generateOrders(city, 20, 3)).toEqual(generateOrders(city, 20, 3));
    expect(generateCity(300, 10).workers).not.toEqual(generateCity(300, 9).workers);
  });

  it('has the workers asked for, in stations of about 100, mostly in Shanghai', () => {
    expect(city.workers).toHaveLength(2000);
    expect(new Set(city.workers.map((w) => w.workerId)).size).toBe(2000);
    expect(city.stations).toHaveLength(20);
    const suzhou = city.workers.filter((w) => w.branchId === 'suzhou').length;
    expect(suzhou).toBeGreaterThan(10);
    expect(suzhou).toBeLessThan(100);
  });

  it('places homes and jobs around the city, in districts the worker serves', () => {
    const center = { lat: 31.23, lng: 121.47 };
    const districts = new Map([...city.districts].map((d) => [d.code, d.center]));
    for (const w of city.workers.filter((x) => x.branchId === 'shanghai')) {
      expect(haversineKm(w.homeLocation, center)).toBeLessThan(80);
      expect(w.serviceAreas.every((a) => districts.has(a))).toBe(true);
    }
  });

  it('books jobs only for active workers, inside their hours, off their leave, never overlapping', () => {
    const problems: string[] = [];
    let jobs = 0;
    for (const w of city.workers) {
      if (w.status !== 'active' && w.jobs.length > 0)
        problems.push(`${w.workerId} is ${w.status} but has jobs`);
      const sorted = [...w.jobs].sort((a, b) => toMillis(a.start) - toMillis(b.start));
      sorted.forEach((j, i) => {
        jobs++;
        const start = toMillis(j.start);
        const minutes = (toMillis(j.end) - start) / 60_000;
        const day = businessDay(start);
        const inSlot = w.weeklyHours.some(
          (s) =>
            s.weekday === cstWeekday(start) &&
            clockMinutes(s.from) <= cstMinuteOfDay(start) &&
            cstMinuteOfDay(start) + minutes <= clockMinutes(s.to),
        );
        if (!inSlot) problems.push(`${w.workerId} ${j.orderId} outside hours`);
        if (w.leaves.some((l) => l.from <= day && l.to >= day))
          problems.push(`${w.workerId} ${j.orderId} on leave`);
        if (i > 0 && toMillis(sorted[i - 1]!.end) > start)
          problems.push(`${w.workerId} ${j.orderId} overlaps`);
      });
    }
    expect(problems).toEqual([]);
    expect(jobs / city.workers.length).toBeGreaterThan(4);
  });

  it('gives orders for the generated week, some with a regular worker', () => {
    const orders = generateOrders(city, 500, 1);
    expect(new Set(orders.map((o) => o.orderId)).size).toBe(500);
    expect(orders.every((o) => city.days.includes(businessDay(toMillis(o.window.start))))).toBe(true);
    const regulars = orders.filter((o) => o.regularWorkerId).length;
    expect(regulars).toBeGreaterThan(50);
    expect(regulars).toBeLessThan(150);
  });
});
