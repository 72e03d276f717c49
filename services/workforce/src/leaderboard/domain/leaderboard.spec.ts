import { EventCatalog, allEvents } from '@platform/contracts';
import {
  combineByWorker,
  monthOf,
  monthRange,
  rank,
  stationAt,
  type LeaderboardEvent,
  type MonthTotals,
} from './leaderboard';
import { leaderboardEvents } from '../../../test/support/leaderboard-events';
import { LeaderboardFold } from '../../../test/support/leaderboard-fold';

const catalog = new EventCatalog(allEvents);
/** A wall-clock time in Shanghai. */
const shanghai = (local: string) => `${local}+08:00`;
const HOUR = 3600_000;

const history = () => leaderboardEvents({ validate: (event) => catalog.validateForWrite(event) });

function fold(events: LeaderboardEvent[]) {
  const f = new LeaderboardFold();
  for (const e of events) f.apply(e);
  return f;
}

const totalsOf = (f: LeaderboardFold, month: string, workerId: string) =>
  f.monthTotals().filter((t) => t.month === month && t.workerId === workerId);

const hours = (t: MonthTotals | undefined) =>
  t && {
    jobs: t.jobsCompleted,
    served: t.servedMs / HOUR,
    withoutIncident: t.servedMsWithoutIncident / HOUR,
    withoutComplaint: t.servedMsWithoutComplaint / HOUR,
  };

describe('monthly leaderboard fold', () => {
  const h = history();
  const wang = 'wkr-wang';
  const li = 'wkr-li';
  const staff = [
    h.applied(wang, 'st-tianlin', 'br-xuhui', shanghai('2025-01-02T09:00:00')),
    h.applied(li, 'st-tianlin', 'br-xuhui', shanghai('2025-01-02T09:00:00')),
  ];

  it('sums jobs and hours per worker and month, and ranks them per station and branch', () => {
    const jobs = [
      h.job(wang, shanghai('2025-03-03T12:00:00'), 3),
      h.job(wang, shanghai('2025-03-04T12:00:00'), 2),
      h.job(li, shanghai('2025-03-05T12:00:00'), 6),
    ];
    const f = fold([...staff, ...jobs.flatMap((j) => j.events)]);
    expect(hours(totalsOf(f, '2025-03', wang)[0])).toEqual({
      jobs: 2,
      served: 5,
      withoutIncident: 5,
      withoutComplaint: 5,
    });
    const board = f.monthTotals().filter((t) => t.month === '2025-03' && t.stationId === 'st-tianlin');
    expect(rank(board, 'JOBS_COMPLETED').map((r) => [r.rank, r.workerId, r.value])).toEqual([
      [1, wang, 2],
      [2, li, 1],
    ]);
    expect(rank(board, 'HOURS_WITHOUT_INCIDENT').map((r) => [r.rank, r.workerId])).toEqual([
      [1, li],
      [2, wang],
    ]);
  });

  it('resets the streak at an incident: only hours after the incident job count in its month', () => {
    const first = h.job(wang, shanghai('2025-03-03T12:00:00'), 3);
    const second = h.job(wang, shanghai('2025-03-10T12:00:00'), 2);
    const third = h.job(wang, shanghai('2025-03-20T12:00:00'), 4);
    const f = fold([
      ...staff,
      ...[first, second, third].flatMap((j) => j.events),
      h.incident(second.orderId, wang, shanghai('2025-03-21T10:00:00')),
    ]);
    expect(hours(totalsOf(f, '2025-03', wang)[0])).toEqual({
      jobs: 3,
      served: 9,
      withoutIncident: 4,
      withoutComplaint: 9,
    });
  });

  it('dates a late complaint at its job: it recomputes that past month, not the month it arrives in', () => {
    const january = h.job(wang, shanghai('2025-01-20T12:00:00'), 3);
    const januaryLater = h.job(wang, shanghai('2025-01-25T12:00:00'), 1);
    const march = h.job(wang, shanghai('2025-03-03T12:00:00'), 2);
    const f = fold([...staff, ...[january, januaryLater, march].flatMap((j) => j.events)]);
    expect(hours(totalsOf(f, '2025-01', wang)[0])?.withoutComplaint).toBe(4);

    f.apply(h.complaint(january.orderId, wang, shanghai('2025-03-15T10:00:00')));

    expect(hours(totalsOf(f, '2025-01', wang)[0])).toEqual({
      jobs: 2,
      served: 4,
      withoutIncident: 4,
      withoutComplaint: 1,
    });
    expect(hours(totalsOf(f, '2025-03', wang)[0])?.withoutComplaint).toBe(2);
  });

  it('counts an incident from an earlier month as no reset of this month', () => {
    const february = h.job(wang, shanghai('2025-02-20T12:00:00'), 3);
    const march = h.job(wang, shanghai('2025-03-03T12:00:00'), 2);
    const f = fold([
      ...staff,
      ...[february, march].flatMap((j) => j.events),
      h.incident(february.orderId, wang, shanghai('2025-03-05T10:00:00')),
    ]);
    expect(hours(totalsOf(f, '2025-02', wang)[0])?.withoutIncident).toBe(0);
    expect(hours(totalsOf(f, '2025-03', wang)[0])?.withoutIncident).toBe(2);
  });

  it('applies a redelivered event once: no double count', () => {
    const job = h.job(wang, shanghai('2025-03-03T12:00:00'), 3);
    const incident = h.incident(job.orderId, wang, shanghai('2025-03-05T10:00:00'));
    const move = h.moved(wang, 'st-tianlin', 'st-kangjian', 'br-xuhui', shanghai('2025-03-10T00:00:00'));
    const once = fold([...staff, ...job.events, incident, move]);
    const twice = fold([...staff, ...staff, ...job.events, ...job.events, incident, move, incident, move]);
    expect(twice.monthTotals()).toEqual(once.monthTotals());
    expect([...twice.workerHistories()].find((w) => w.workerId === wang)?.spells).toHaveLength(2);
    expect(hours(totalsOf(twice, '2025-03', wang)[0])).toEqual({
      jobs: 1,
      served: 3,
      withoutIncident: 0,
      withoutComplaint: 3,
    });
    expect(once.apply(job.events[1]!)).toBe(false);
  });

  it('counts a job for the station the worker belonged to when it was completed', () => {
    const before = h.job(wang, shanghai('2025-03-09T23:00:00'), 2);
    const after = h.job(wang, shanghai('2025-03-10T08:00:00'), 3);
    const move = h.moved(wang, 'st-tianlin', 'st-lujiazui', 'br-pudong', shanghai('2025-03-10T00:00:00'));
    const f = fold([...staff, move, ...before.events, ...after.events]);
    const march = totalsOf(f, '2025-03', wang);
    expect(march.map((t) => [t.stationId, t.branchId, t.jobsCompleted, t.servedMs / HOUR])).toEqual([
      ['st-lujiazui', 'br-pudong', 1, 3],
      ['st-tianlin', 'br-xuhui', 1, 2],
    ]);
  });

  it('attributes the same whatever order the topics interleave in: jobs first, station history later', () => {
    const job = h.job(wang, shanghai('2025-03-12T08:00:00'), 3);
    const move = h.moved(wang, 'st-tianlin', 'st-lujiazui', 'br-pudong', shanghai('2025-03-10T00:00:00'));
    const incident = h.incident(job.orderId, wang, shanghai('2025-03-13T08:00:00'));
    const inOrder = fold([...staff, move, ...job.events, incident]);
    const feedbackFirst = new LeaderboardFold();
    feedbackFirst.apply(incident);
    for (const e of job.events) feedbackFirst.apply(e);
    expect(totalsOf(feedbackFirst, '2025-03', wang).map((t) => t.stationId)).toEqual([null]);
    for (const e of [...staff, move]) feedbackFirst.apply(e);
    expect(feedbackFirst.monthTotals()).toEqual(inOrder.monthTotals());
    expect(totalsOf(inOrder, '2025-03', wang)[0]?.stationId).toBe('st-lujiazui');
  });

  it('puts a job in the Shanghai month of its completion, across the UTC month boundary', () => {
    // 2025-03-31T16:30Z is 2025-04-01 00:30 in Shanghai.
    const april = h.job(wang, '2025-03-31T16:30:00Z', 1);
    const march = h.job(wang, '2025-03-31T15:59:59Z', 1);
    const f = fold([...staff, ...april.events, ...march.events]);
    expect(totalsOf(f, '2025-04', wang)[0]?.jobsCompleted).toBe(1);
    expect(totalsOf(f, '2025-03', wang)[0]?.jobsCompleted).toBe(1);
    expect(monthOf(Date.parse('2025-12-31T16:00:00Z'))).toBe('2026-01');
    expect(monthRange('2025-04')).toEqual({
      start: Date.parse(shanghai('2025-04-01T00:00:00')),
      end: Date.parse(shanghai('2025-05-01T00:00:00')),
    });
  });

  it('shares a rank between equal values, ordered by workerId, the next rank skipping', () => {
    const row = (workerId: string, jobsCompleted: number) => ({
      workerId,
      jobsCompleted,
      servedMs: 0,
      servedMsWithoutIncident: 0,
      servedMsWithoutComplaint: 0,
    });
    const ranked = rank([row('c', 2), row('a', 5), row('b', 5), row('d', 1)], 'JOBS_COMPLETED');
    expect(ranked.map((r) => [r.rank, r.workerId])).toEqual([
      [1, 'a'],
      [1, 'b'],
      [3, 'c'],
      [4, 'd'],
    ]);
  });

  it('counts a worker once on a branch board over the stations they served there', () => {
    const rows = [
      {
        workerId: 'a',
        jobsCompleted: 2,
        servedMs: 2,
        servedMsWithoutIncident: 1,
        servedMsWithoutComplaint: 2,
      },
      {
        workerId: 'b',
        jobsCompleted: 3,
        servedMs: 3,
        servedMsWithoutIncident: 3,
        servedMsWithoutComplaint: 3,
      },
      {
        workerId: 'a',
        jobsCompleted: 2,
        servedMs: 5,
        servedMsWithoutIncident: 5,
        servedMsWithoutComplaint: 5,
      },
    ];
    expect(rank(combineByWorker(rows), 'JOBS_COMPLETED').map((r) => [r.rank, r.workerId, r.value])).toEqual([
      [1, 'a', 4],
      [2, 'b', 3],
    ]);
  });

  it('uses the first station for a job completed before the first spell (clock skew), none without history', () => {
    const spells = [
      { at: 1000, stationId: 's1', branchId: 'b1' },
      { at: 5000, stationId: 's2', branchId: 'b1' },
    ];
    expect(stationAt(spells, 500)?.stationId).toBe('s1');
    expect(stationAt(spells, 5000)?.stationId).toBe('s2');
    expect(stationAt([], 5000)).toBeNull();
  });
});
