import type { DispatchPolicy, OrderToDispatch, WorkerView } from '../../matching/domain/dispatch-view';
import { NOW, cst, east, job, order, policy, worker } from '../../../test/support/matching.fixtures';
import { decide, type Decision } from '../../matching/domain/ranking';
import { comparePolicies, type PolicyComparison } from './compare-policies';
import { formatComparison } from './comparison-report';
import {
  dispatchInTurn,
  oneHourClean,
  weightsOnly,
  xujiahuiStation,
} from '../../../test/support/replay.fixtures';

/** As the CLI gets them: JSON from the database. */
const stored = (d: Decision): Decision => JSON.parse(JSON.stringify(d));

const inTurn = (workers: WorkerView[], orders: OrderToDispatch[], p: DispatchPolicy): Decision[] =>
  dispatchInTurn(
    workers,
    orders.map((o): [OrderToDispatch, string] => [o, NOW]),
    p,
  ).map(stored);

const distanceOnly = policy({ name: 'distance-only', version: 3, weights: weightsOnly({ distance: 1 }) });
const loadOnly = policy({ name: 'load-only', version: 5, weights: weightsOnly({ loadBalance: 1 }) });

const station = xujiahuiStation;
// Four one-hour cleans in Xujiahui on Monday 2 June at 08:00, 10:00, 12:00 and 14:00.
const mondayCleans = () => ['08:00', '10:00', '12:00', '14:00'].map((from) => oneHourClean(from));

/** Every number in the comparison, however deep: none may be NaN or infinite. */
function numbersIn(value: unknown): number[] {
  if (typeof value === 'number') return [value];
  if (value && typeof value === 'object') return Object.values(value).flatMap(numbersIn);
  return [];
}

const lineOf = (report: string, label: string): string => {
  const line = report.split('\n').find((l) => l.trimStart().startsWith(label));
  if (!line) throw new Error(`no line "${label}" in:\n${report}`);
  return line;
};
const cellsOf = (report: string, label: string): string[] =>
  lineOf(report, label)
    .slice(50)
    .trim()
    .split(/\s{2,}/);

describe('comparing recorded dispatch decisions with a replay under another policy', () => {
  describe('under the very policy they were made with', () => {
    const decisions = inTurn(station(), mondayCleans(), distanceOnly);
    const c = comparePolicies(decisions, distanceOnly);

    it('finds every outcome unchanged, down to the whole order of offers', () => {
      expect(c.decisions).toBe(4);
      expect(c.outcomes).toEqual({
        sameFirstChoice: 4,
        firstChoiceChanged: 0,
        noCandidateNow: 0,
        candidateNowOnly: 0,
        noCandidateEither: 0,
        nothingConsidered: 0,
        sameOfferOrder: 4,
      });
      expect(c.shares.unchanged).toBe(1);
      expect(c.shares.sameFirstChoice).toBe(1);
      expect(c.formerFirstChoice).toEqual({
        orders: 4,
        stillFirst: 4,
        stillEligible: 4,
        noLongerEligible: 0,
        meanRankNow: 1,
      });
      expect(c.biggestChanges).toEqual([]);
    });

    it('gives the same figure before and after everywhere', () => {
      expect(c.firstChoiceDistance.meanKm.after).toBe(c.firstChoiceDistance.meanKm.before);
      expect(c.firstChoiceDistance.p90Km.after).toBe(c.firstChoiceDistance.p90Km.before);
      expect(c.loadBalance.overall.after).toEqual(c.loadBalance.overall.before);
      for (const v of Object.values(c.rejections.byRule)) expect(v.after).toBe(v.before);
    });

    it('reports 100% unchanged', () => {
      const report = formatComparison(c, { from: 'May 2025', to: 'same policy' });
      expect(cellsOf(report, 'first choice unchanged')).toEqual(['4', '100.0%']);
      expect(cellsOf(report, 'whole order of offers unchanged')).toEqual(['4', '100.0%']);
      expect(cellsOf(report, 'first choice changed')).toEqual(['0', '0.0%']);
      expect(cellsOf(report, 'mean km')).toEqual(['0.13', '0.13', '0.00']);
    });
  });

  describe('distance only against load balance only', () => {
    it('replayed for load balance, the same orders go to more workers and farther', () => {
      // As recorded, the nearest worker took all four (0.5 km from home, then 0 km from the last job).
      const decisions = inTurn(station(), mondayCleans(), distanceOnly);
      expect(decisions.map((d) => d.offerOrder[0])).toEqual(['wkr-a', 'wkr-a', 'wkr-a', 'wkr-a']);

      const c = comparePolicies(decisions, loadOnly);

      // The first order finds everyone idle (a tie, the nearest wins); from then on A is the busiest
      // and the nearest of the idle, B, is first. Nobody books B in a replay, so B stays idle.
      expect(c.outcomes).toMatchObject({ sameFirstChoice: 1, firstChoiceChanged: 3 });
      expect(c.firstChoiceDistance).toEqual({
        orders: 4,
        meanKm: { before: 0.125, after: 2.375 },
        p90Km: { before: 0.5, after: 3 },
      });
      expect(c.formerFirstChoice).toMatchObject({ stillFirst: 1, stillEligible: 4, meanRankNow: 2.5 });

      const [day] = c.loadBalance.stationDays;
      expect(c.loadBalance.stationDays).toHaveLength(1);
      expect(day).toMatchObject({ stationId: 'st-xuhui', day: '2025-06-02', workers: 3 });
      expect(day!.before).toMatchObject({ firstChoices: 4, workersChosen: 1, maxPerWorker: 4 });
      expect(day!.after).toMatchObject({ firstChoices: 4, workersChosen: 2, maxPerWorker: 3 });
      // (4, 0, 0) against (1, 3, 0) first choices per worker.
      expect(day!.before.cv).toBeCloseTo(Math.SQRT2, 9);
      expect(day!.after.cv).toBeCloseTo(Math.sqrt(42 / 27) / (4 / 3), 9);
      expect(c.loadBalance.overall.after.meanCv!).toBeLessThan(c.loadBalance.overall.before.meanCv!);
      expect(c.loadBalance.overall.before.workerDaysChosen).toBe(1);
      expect(c.loadBalance.overall.after.workerDaysChosen).toBe(2);

      expect(c.biggestChanges.map((ch) => [ch.after.workerId, ch.changeKm, ch.formerFirstRankNow])).toEqual([
        ['wkr-b', 3, 3],
        ['wkr-b', 3, 3],
        ['wkr-b', 3, 3],
      ]);
      // Equal changes come by orderId.
      const ids = c.biggestChanges.map((ch) => ch.orderId);
      expect(ids).toEqual([...ids].sort());
    });

    it('replayed for distance, orders spread by load go back to the nearest worker and the mean distance falls', () => {
      // As recorded under load balance: A (all idle, the nearest), then B and C (idle), then A again
      // (everyone equally booked, A nearest).
      const decisions = inTurn(station(), mondayCleans(), loadOnly);
      expect(decisions.map((d) => d.offerOrder[0])).toEqual(['wkr-a', 'wkr-b', 'wkr-c', 'wkr-a']);

      const c = comparePolicies(decisions, distanceOnly);

      expect(c.outcomes).toMatchObject({ sameFirstChoice: 2, firstChoiceChanged: 2 });
      expect(c.firstChoiceDistance.meanKm).toEqual({ before: 2.125, after: 0.125 });
      expect(c.firstChoiceDistance.meanKm.after!).toBeLessThan(c.firstChoiceDistance.meanKm.before!);
      expect(c.loadBalance.overall.before.workerDaysChosen).toBe(3);
      expect(c.loadBalance.overall.after.workerDaysChosen).toBe(1);
      expect(c.loadBalance.overall.after.maxPerWorker).toBe(4);
      expect(c.biggestChanges.map((ch) => [ch.before.workerId, ch.after.workerId, ch.changeKm])).toEqual([
        ['wkr-c', 'wkr-a', -5],
        ['wkr-b', 'wkr-a', -3],
      ]);
    });

    it('keeps only the N biggest changes', () => {
      const decisions = inTurn(station(), mondayCleans(), loadOnly);
      const c = comparePolicies(decisions, distanceOnly, { top: 1 });
      expect(c.biggestChanges.map((ch) => ch.changeKm)).toEqual([-5]);
      expect(comparePolicies(decisions, distanceOnly, { top: 0 }).biggestChanges).toEqual([]);
    });
  });

  describe('a shorter reach', () => {
    // The far worker is the customer's regular worker and, for the second order, the only one free.
    const near = worker('wkr-near', {
      homeLocation: east(2),
      jobs: [job('ord-busy', '2025-06-03T09:30', '2025-06-03T12:30')],
    });
    const far = worker('wkr-far', { homeLocation: east(12) });
    const wide = policy({ name: 'shanghai', version: 7, maxDistanceKm: 20 });
    const short = policy({ name: 'shanghai', version: 8, maxDistanceKm: 10 });
    const decisions = [
      decide(order({ regularWorkerId: 'wkr-far' }), [near, far], wide, NOW),
      decide(
        order({ window: { start: cst('2025-06-03T10:00'), end: cst('2025-06-03T12:00') } }),
        [near, far],
        wide,
        NOW,
      ),
    ].map(stored);
    const c = comparePolicies(decisions, short);

    it('leaves orders without a candidate and rejects the far worker as too far', () => {
      expect(decisions.map((d) => d.offerOrder)).toEqual([['wkr-far', 'wkr-near'], ['wkr-far']]);
      expect(c.outcomes).toMatchObject({ firstChoiceChanged: 1, noCandidateNow: 1 });
      expect(c.withCandidate).toEqual({ before: 2, after: 1 });
      expect(c.rejections.byRule.too_far).toEqual({ before: 0, after: 2 });
      expect(c.rejections.byRule.slot_taken).toEqual({ before: 1, after: 1 });
      expect(c.rejections.workers).toEqual({ before: 1, after: 3 });
      expect(c.formerFirstChoice).toMatchObject({ orders: 2, noLongerEligible: 2, meanRankNow: null });
    });

    it("no longer offers the customer's regular worker first once they are out of reach", () => {
      expect(c.regularWorker).toEqual({
        orders: 1,
        first: { before: 1, after: 0 },
        share: { before: 1, after: 0 },
      });
    });

    it('compares distances only over orders with a first choice both times', () => {
      expect(c.firstChoiceDistance).toEqual({
        orders: 1,
        meanKm: { before: 12, after: 2 },
        p90Km: { before: 12, after: 2 },
      });
    });

    it('prints every figure with before, after and delta, and the policies by name and version', () => {
      const report = formatComparison(c, { from: 'recorded, June 2025', to: 'shanghai-v8.json' });
      expect(report).toContain('before  recorded, June 2025: as recorded under shanghai@7 (2 decisions)');
      expect(report).toContain('after   shanghai-v8.json: replayed under shanghai@8');
      expect(report).toContain('2 decisions made on 2025-06-01 (CST)');
      expect(cellsOf(report, 'candidates before, none now')).toEqual(['1', '50.0%']);
      expect(cellsOf(report, 'orders with a candidate')).toEqual(['2', '1', '-1']);
      expect(cellsOf(report, 'mean km')).toEqual(['12.00', '2.00', '-10.00']);
      expect(cellsOf(report, 'p90 km')).toEqual(['12.00', '2.00', '-10.00']);
      expect(cellsOf(report, 'share offered first')).toEqual(['100.0%', '0.0%', '-100.0 pp']);
      expect(cellsOf(report, 'rejected')).toEqual(['1', '3', '+2']);
      expect(cellsOf(report, 'too_far')).toEqual(['0', '2', '+2']);
      expect(cellsOf(report, 'slot_taken')).toEqual(['1', '1', '0']);
      expect(report).not.toContain('daily_cap_reached');
      expect(cellsOf(report, 'no longer eligible')).toEqual(['2', '100.0%']);
      expect(cellsOf(report, 'mean rank now')).toEqual(['n/a']);
      expect(report).toMatch(
        /ord-\d+ +2025-06-02 +wkr-far 12\.00 km +wkr-near 2\.00 km +-10\.00 +not eligible/,
      );
      expect(report).not.toMatch(/NaN|Infinity|undefined/);
    });
  });

  describe('edge cases', () => {
    it('says there is nothing to compare when there are no decisions, with no NaN anywhere', () => {
      const c: PolicyComparison = comparePolicies([], loadOnly);
      expect(c.decisions).toBe(0);
      expect(c.period).toBeNull();
      expect(c.shares.unchanged).toBeNull();
      expect(c.firstChoiceDistance.meanKm).toEqual({ before: null, after: null });
      expect(numbersIn(c).every(Number.isFinite)).toBe(true);
      const report = formatComparison(c, { from: 'May 2025', to: 'load.json' });
      expect(report).toContain('after   load.json: replayed under load-only@5');
      expect(report).toContain('Nothing to compare: no dispatch decisions were given.');
      expect(report).not.toMatch(/NaN|Infinity|undefined|null/);
    });

    it('refuses a policy no decision could be made with, even before any decision comes', () => {
      expect(() => comparePolicies([], { ...loadOnly, maxDistanceKm: 0 })).toThrow(
        /maxDistanceKm must be > 0/,
      );
    });

    it('counts an order for which no worker was examined as having no candidate either way', () => {
      const c = comparePolicies([stored(decide(order(), [], distanceOnly, NOW))], loadOnly);
      expect(c.outcomes).toMatchObject({ noCandidateEither: 1, nothingConsidered: 1, sameOfferOrder: 1 });
      expect(c.shares.unchanged).toBe(1);
      expect(c.meanEligible).toEqual({ before: 0, after: 0 });
      expect(c.firstChoiceDistance.orders).toBe(0);
      expect(c.loadBalance.stationDays).toEqual([]);
      expect(numbersIn(c).every(Number.isFinite)).toBe(true);
      const report = formatComparison(c, { from: 'recorded', to: 'load.json' });
      expect(cellsOf(report, 'of which no worker examined at all')).toEqual(['1', '100.0%']);
      expect(report).toContain('no order had a first choice both times');
      expect(report).not.toMatch(/NaN|Infinity|undefined|null/);
    });

    it('counts the decisions per recorded policy name and version', () => {
      const recorded = [
        ...inTurn(station(), mondayCleans().slice(0, 2), distanceOnly),
        ...inTurn(station(), mondayCleans().slice(0, 1), { ...distanceOnly, version: 4 }),
        ...inTurn(station(), mondayCleans().slice(0, 1), loadOnly),
      ];
      const c = comparePolicies(recorded, distanceOnly);
      expect(c.recordedUnder).toEqual([
        { name: 'distance-only', version: 3, decisions: 2 },
        { name: 'distance-only', version: 4, decisions: 1 },
        { name: 'load-only', version: 5, decisions: 1 },
      ]);
      const report = formatComparison(c, { from: 'recorded', to: 'distance.json' });
      expect(report).toContain(
        'as recorded under distance-only@3 (2 decisions), distance-only@4 (1 decision), load-only@5 (1 decision)',
      );
      expect(report).toContain('"before" mixes 3 recorded policies');
    });

    it('reads the decisions once, from any iterable, without needing them all at hand', () => {
      const decisions = inTurn(station(), mondayCleans(), distanceOnly);
      let read = 0;
      function* fromCursor(): Generator<Decision> {
        for (const d of decisions) {
          read++;
          yield d;
        }
      }
      expect(comparePolicies(fromCursor(), loadOnly)).toEqual(comparePolicies(decisions, loadOnly));
      expect(read).toBe(4);
    });
  });
});
