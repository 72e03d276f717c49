import { BUSINESS_UTC_OFFSET_MS, businessDay, businessDayStart } from './business-day';

describe('businessDay', () => {
  it('is still the day before in UTC until 08:00 in Shanghai', () => {
    expect(businessDay(new Date('2026-03-01T15:59:59.999Z'))).toBe('2026-03-01');
    expect(businessDay(new Date('2026-03-01T16:00:00Z'))).toBe('2026-03-02');
    expect(businessDay(new Date('2026-03-02T07:59:59Z'))).toBe('2026-03-02');
  });

  it('takes epoch milliseconds as well as a Date', () =>
    expect(businessDay(Date.parse('2026-12-31T16:00:00Z'))).toBe('2027-01-01'));

  it('has no daylight saving: the offset is eight hours in summer and winter', () => {
    expect(businessDay(new Date('2026-07-01T00:00:00+08:00'))).toBe('2026-07-01');
    expect(businessDay(new Date('2026-01-01T00:00:00+08:00'))).toBe('2026-01-01');
    expect(BUSINESS_UTC_OFFSET_MS).toBe(8 * 60 * 60 * 1000);
  });
});

describe('businessDayStart', () => {
  it("is the day's midnight in Shanghai, 16:00 UTC the day before", () =>
    expect(businessDayStart('2026-03-01').toISOString()).toBe('2026-02-28T16:00:00.000Z'));

  it('is the first instant of the day it starts', () => {
    const start = businessDayStart('2024-02-29');
    expect(businessDay(start)).toBe('2024-02-29');
    expect(businessDay(start.getTime() - 1)).toBe('2024-02-28');
  });

  it('is an invalid date for a string that is not a day', () =>
    expect(Number.isNaN(businessDayStart('tomorrow').getTime())).toBe(true));
});
