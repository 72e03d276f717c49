import { assertPolicy, toMillis, type DispatchPolicy } from '../../matching/domain/dispatch-view';
import type { Rejection } from '../../matching/domain/decision-inputs';
import { RULE_CODES, type RuleCode } from '../../matching/domain/rule-checks';
import { replay, type Decision, type RankedCandidate } from '../../matching/domain/ranking';
import { businessDay } from '@platform/domain-kit';

/**
 * The auditor's "what if": recorded dispatch decisions replayed under another policy, compared
 * figure by figure (comparison-report.ts prints it). Pure: the caller loads the decisions and the
 * policy.
 *
 * Each decision is replayed against the facts it was made from (`replay(decision.inputs, policy)`).
 * A replay books nothing, so a later order still sees the bookings the recorded policy made: the
 * figures say where first offers would have gone, not how the rest of the day would have unfolded.
 *
 * "First choice" is the worker offered the order first (rank 1). Figures that could not exist
 * (a mean over no orders) are null, never NaN.
 */

export interface BeforeAfter<T> {
  /** As recorded. */
  before: T;
  /** Replayed under the compared policy. */
  after: T;
}

export interface PolicyRef {
  name: string;
  version: number;
}

/** A policy the decisions were recorded under, by name and version. */
export interface RecordedPolicy extends PolicyRef {
  decisions: number;
}

/** Every decision falls in exactly one of the first five. */
export interface Outcomes {
  sameFirstChoice: number;
  firstChoiceChanged: number;
  /** Someone could be offered the order as recorded, nobody under the compared policy. */
  noCandidateNow: number;
  /** Nobody could be offered the order as recorded; someone under the compared policy. */
  candidateNowOnly: number;
  noCandidateEither: number;
  /** Of `noCandidateEither`: no worker was even examined, so no policy could have served the order. */
  nothingConsidered: number;
  /** The whole order of offers is the same, not only its first worker (no candidate either way included). */
  sameOfferOrder: number;
}

export interface OutcomeShares {
  /** Same first choice, or no candidate either way: what was decided stays decided. */
  unchanged: number | null;
  sameFirstChoice: number | null;
  firstChoiceChanged: number | null;
  noCandidateNow: number | null;
  candidateNowOnly: number | null;
  noCandidateEither: number | null;
  sameOfferOrder: number | null;
}

/**
 * Over the orders with a first choice both times only: orders gained or lost would otherwise move
 * the mean by themselves (a shorter reach drops the far orders and "improves" the mean).
 */
export interface FirstChoiceDistance {
  orders: number;
  meanKm: BeforeAfter<number | null>;
  /** Nearest rank: the smallest distance that 90% of the orders do not exceed. */
  p90Km: BeforeAfter<number | null>;
}

export interface RegularWorkerFirst {
  /** Orders whose customer has a regular worker; the other figures are about these only. */
  orders: number;
  first: BeforeAfter<number>;
  share: BeforeAfter<number | null>;
}

/** Where the compared policy puts the worker who was offered the order first as recorded. */
export interface FormerFirstChoice {
  /** Orders that had a first choice as recorded. */
  orders: number;
  stillFirst: number;
  /** Still eligible, at whatever rank. */
  stillEligible: number;
  noLongerEligible: number;
  /** Over the still eligible; 1 when every one of them stays first. */
  meanRankNow: number | null;
}

/** Rejected workers summed over the decisions; a worker failing several rules counts under each. */
export interface RejectionCounts {
  workers: BeforeAfter<number>;
  byRule: Record<RuleCode, BeforeAfter<number>>;
}

/** How one station's first choices of one CST day (the job's day) fell on its workers. */
export interface Spread {
  firstChoices: number;
  /** Workers who were offered at least one order first. */
  workersChosen: number;
  maxPerWorker: number;
  /** maxPerWorker ÷ mean first choices per worker; null when the station got none that day. */
  maxOverMean: number | null;
  /** Coefficient of variation (population standard deviation ÷ mean); null when the station got none. */
  cv: number | null;
}

/**
 * The station's workers counted are those eligible for some order of that day under either policy,
 * so that a worker who could have had work and got none counts as a zero on both sides.
 */
export interface StationDayBalance {
  stationId: string;
  /** `YYYY-MM-DD`, China Standard Time. */
  day: string;
  workers: number;
  before: Spread;
  after: Spread;
}

export interface StationBalance {
  stationId: string;
  /** Days on which the station had a worker eligible for some order. */
  days: number;
  firstChoices: BeforeAfter<number>;
  /** Mean over the days the station got a first choice. */
  meanCv: BeforeAfter<number | null>;
  maxPerWorker: BeforeAfter<number>;
}

export interface BalanceFigures {
  /** Worker-days with at least one first choice: more means work spread over more people. */
  workerDaysChosen: number;
  /** Most first choices one worker got in one day. */
  maxPerWorker: number;
  /** Means over the station-days that got a first choice. */
  meanMaxOverMean: number | null;
  meanCv: number | null;
}

export interface LoadBalance {
  /** By day, then station. */
  stationDays: StationDayBalance[];
  /** By station. */
  stations: StationBalance[];
  overall: BeforeAfter<BalanceFigures>;
}

/** An order offered first to someone else under the compared policy. */
export interface FirstChoiceChange {
  orderId: string;
  /** The job's CST day. */
  day: string;
  before: { workerId: string; distanceKm: number };
  after: { workerId: string; distanceKm: number };
  /** after − before, km; the biggest changes are the largest in size, either way. */
  changeKm: number;
  /** Rank of the former first choice under the compared policy; null if no longer eligible. */
  formerFirstRankNow: number | null;
}

export interface PolicyComparison {
  /** The policy the decisions were replayed under. */
  policy: PolicyRef;
  decisions: number;
  /** By name, then version. */
  recordedUnder: RecordedPolicy[];
  /** Earliest and latest `decidedAt` (ISO instants); null without decisions. */
  period: { first: string; last: string } | null;
  outcomes: Outcomes;
  shares: OutcomeShares;
  /** Orders someone could be offered. */
  withCandidate: BeforeAfter<number>;
  /** Eligible workers per order. */
  meanEligible: BeforeAfter<number | null>;
  firstChoiceDistance: FirstChoiceDistance;
  regularWorker: RegularWorkerFirst;
  formerFirstChoice: FormerFirstChoice;
  rejections: RejectionCounts;
  loadBalance: LoadBalance;
  /** Largest distance change first, then by orderId; at most `top` of them. */
  biggestChanges: FirstChoiceChange[];
}

export interface ComparisonOptions {
  /** How many of the biggest first-choice changes to keep (10 unless told). */
  top?: number;
}

type Side = keyof BeforeAfter<unknown>;
const SIDES: readonly Side[] = ['before', 'after'];

/** A part of a whole, null when the whole is empty. */
export const share = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);
const mean = (sum: number, n: number): number | null => (n > 0 ? sum / n : null);
const metres = (km: number): number => Math.round(km * 1000) / 1000;

function p90(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil(0.9 * sorted.length) - 1]!;
}

function spread(counts: readonly number[]): Spread {
  let firstChoices = 0;
  let workersChosen = 0;
  let maxPerWorker = 0;
  for (const c of counts) {
    firstChoices += c;
    if (c > 0) workersChosen++;
    if (c > maxPerWorker) maxPerWorker = c;
  }
  if (firstChoices === 0) return { firstChoices, workersChosen, maxPerWorker, maxOverMean: null, cv: null };
  const m = firstChoices / counts.length;
  const variance = counts.reduce((sum, c) => sum + (c - m) ** 2, 0) / counts.length;
  return {
    firstChoices,
    workersChosen,
    maxPerWorker,
    maxOverMean: maxPerWorker / m,
    cv: Math.sqrt(variance) / m,
  };
}

const biggerChange = (a: FirstChoiceChange, b: FirstChoiceChange): boolean =>
  Math.abs(a.changeKm) !== Math.abs(b.changeKm)
    ? Math.abs(a.changeKm) > Math.abs(b.changeKm)
    : a.orderId < b.orderId;

const sameOrder = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((workerId, i) => workerId === b[i]);

const byKey = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The comparison built one decision at a time, for callers that stream decisions from an async
 * source (a database cursor). It keeps no decision: counters, two distances per order (for the
 * p90), first choices per worker and station-day, and the `top` biggest changes.
 */
export class PolicyComparisonTally {
  private readonly policy: DispatchPolicy;
  private readonly top: number;
  private decisions = 0;
  private readonly recordedUnder = new Map<string, RecordedPolicy>();
  private first: { at: number; iso: string } | null = null;
  private last: { at: number; iso: string } | null = null;
  private readonly outcomes: Outcomes = {
    sameFirstChoice: 0,
    firstChoiceChanged: 0,
    noCandidateNow: 0,
    candidateNowOnly: 0,
    noCandidateEither: 0,
    nothingConsidered: 0,
    sameOfferOrder: 0,
  };
  private readonly withCandidate: BeforeAfter<number> = { before: 0, after: 0 };
  private readonly eligible: BeforeAfter<number> = { before: 0, after: 0 };
  private readonly pairedKm: BeforeAfter<number[]> = { before: [], after: [] };
  private readonly regular = { orders: 0, before: 0, after: 0 };
  private readonly former = { orders: 0, stillFirst: 0, stillEligible: 0, rankSum: 0 };
  private readonly rejectedWorkers: BeforeAfter<number> = { before: 0, after: 0 };
  private readonly byRule = Object.fromEntries(
    RULE_CODES.map((code) => [code, { before: 0, after: 0 }]),
  ) as Record<RuleCode, BeforeAfter<number>>;
  /** station → CST day → workerId → first choices. */
  private readonly chosen = new Map<string, Map<string, Map<string, BeforeAfter<number>>>>();
  private readonly biggest: FirstChoiceChange[] = [];

  constructor(policy: DispatchPolicy, options: ComparisonOptions = {}) {
    // Checked up front so that a bad policy file fails even when no decision comes.
    assertPolicy(policy);
    this.policy = policy;
    this.top = Math.max(0, Math.floor(options.top ?? 10));
  }

  add(decision: Decision): void {
    const now = replay(decision.inputs, this.policy);
    const order = decision.inputs.order;
    const day = businessDay(toMillis(order.window.start));
    this.decisions++;
    this.notePolicyAndTime(decision);

    const was = decision.ranked[0];
    const is = now.ranked[0];
    const o = this.outcomes;
    if (was && is) {
      if (was.workerId === is.workerId) o.sameFirstChoice++;
      else o.firstChoiceChanged++;
      this.pairedKm.before.push(was.distanceKm);
      this.pairedKm.after.push(is.distanceKm);
    } else if (was) o.noCandidateNow++;
    else if (is) o.candidateNowOnly++;
    else {
      o.noCandidateEither++;
      if (decision.inputs.considered.length === 0) o.nothingConsidered++;
    }
    if (sameOrder(decision.offerOrder, now.offerOrder)) o.sameOfferOrder++;

    const sides: BeforeAfter<{ ranked: readonly RankedCandidate[]; rejected: readonly Rejection[] }> = {
      before: decision,
      after: now,
    };
    for (const side of SIDES) {
      const { ranked, rejected } = sides[side];
      if (ranked.length > 0) this.withCandidate[side]++;
      this.eligible[side] += ranked.length;
      this.rejectedWorkers[side] += rejected.length;
      for (const r of rejected) for (const f of r.failed) this.byRule[f.code][side]++;
    }

    if (order.regularWorkerId != null) {
      this.regular.orders++;
      if (was?.workerId === order.regularWorkerId) this.regular.before++;
      if (is?.workerId === order.regularWorkerId) this.regular.after++;
    }

    let formerRank: number | null = null;
    if (was) {
      this.former.orders++;
      formerRank = now.ranked.find((r) => r.workerId === was.workerId)?.rank ?? null;
      if (formerRank !== null) {
        this.former.stillEligible++;
        this.former.rankSum += formerRank;
        if (formerRank === 1) this.former.stillFirst++;
      }
    }

    this.countFirstChoices(day, decision.ranked, now.ranked);

    if (was && is && was.workerId !== is.workerId) {
      this.keepIfAmongBiggest({
        orderId: decision.orderId,
        day,
        before: { workerId: was.workerId, distanceKm: was.distanceKm },
        after: { workerId: is.workerId, distanceKm: is.distanceKm },
        changeKm: metres(is.distanceKm - was.distanceKm),
        formerFirstRankNow: formerRank,
      });
    }
  }

  result(): PolicyComparison {
    const n = this.decisions;
    const o = this.outcomes;
    const former = this.former;
    return {
      policy: { name: this.policy.name, version: this.policy.version },
      decisions: n,
      recordedUnder: [...this.recordedUnder.values()].sort(
        (a, b) => byKey(a.name, b.name) || a.version - b.version,
      ),
      period: this.first && this.last ? { first: this.first.iso, last: this.last.iso } : null,
      outcomes: { ...o },
      shares: {
        unchanged: share(o.sameFirstChoice + o.noCandidateEither, n),
        sameFirstChoice: share(o.sameFirstChoice, n),
        firstChoiceChanged: share(o.firstChoiceChanged, n),
        noCandidateNow: share(o.noCandidateNow, n),
        candidateNowOnly: share(o.candidateNowOnly, n),
        noCandidateEither: share(o.noCandidateEither, n),
        sameOfferOrder: share(o.sameOfferOrder, n),
      },
      withCandidate: { ...this.withCandidate },
      meanEligible: { before: mean(this.eligible.before, n), after: mean(this.eligible.after, n) },
      firstChoiceDistance: {
        orders: this.pairedKm.before.length,
        meanKm: {
          before: mean(sum(this.pairedKm.before), this.pairedKm.before.length),
          after: mean(sum(this.pairedKm.after), this.pairedKm.after.length),
        },
        p90Km: { before: p90(this.pairedKm.before), after: p90(this.pairedKm.after) },
      },
      regularWorker: {
        orders: this.regular.orders,
        first: { before: this.regular.before, after: this.regular.after },
        share: {
          before: share(this.regular.before, this.regular.orders),
          after: share(this.regular.after, this.regular.orders),
        },
      },
      formerFirstChoice: {
        orders: former.orders,
        stillFirst: former.stillFirst,
        stillEligible: former.stillEligible,
        noLongerEligible: former.orders - former.stillEligible,
        meanRankNow: mean(former.rankSum, former.stillEligible),
      },
      rejections: {
        workers: { ...this.rejectedWorkers },
        byRule: Object.fromEntries(RULE_CODES.map((code) => [code, { ...this.byRule[code] }])) as Record<
          RuleCode,
          BeforeAfter<number>
        >,
      },
      loadBalance: this.loadBalance(),
      biggestChanges: this.biggest.map((c) => ({ ...c, before: { ...c.before }, after: { ...c.after } })),
    };
  }

  private notePolicyAndTime(decision: Decision): void {
    const { name, version } = decision.policy;
    const key = `${name}@${version}`;
    const recorded = this.recordedUnder.get(key);
    if (recorded) recorded.decisions++;
    else this.recordedUnder.set(key, { name, version, decisions: 1 });
    const at = toMillis(decision.decidedAt);
    if (!this.first || at < this.first.at) this.first = { at, iso: decision.decidedAt };
    if (!this.last || at > this.last.at) this.last = { at, iso: decision.decidedAt };
  }

  /** Every eligible worker joins their station-day's pool (as a zero) before the first choices count. */
  private countFirstChoices(
    day: string,
    before: readonly RankedCandidate[],
    after: readonly RankedCandidate[],
  ): void {
    const tallyOf = (c: RankedCandidate): BeforeAfter<number> => {
      let days = this.chosen.get(c.stationId);
      if (!days) this.chosen.set(c.stationId, (days = new Map()));
      let workers = days.get(day);
      if (!workers) days.set(day, (workers = new Map()));
      let tally = workers.get(c.workerId);
      if (!tally) workers.set(c.workerId, (tally = { before: 0, after: 0 }));
      return tally;
    };
    for (const c of before) tallyOf(c);
    for (const c of after) tallyOf(c);
    if (before[0]) tallyOf(before[0]).before++;
    if (after[0]) tallyOf(after[0]).after++;
  }

  private keepIfAmongBiggest(change: FirstChoiceChange): void {
    const list = this.biggest;
    if (this.top === 0) return;
    if (list.length === this.top && !biggerChange(change, list[list.length - 1]!)) return;
    let i = list.length;
    while (i > 0 && biggerChange(change, list[i - 1]!)) i--;
    list.splice(i, 0, change);
    if (list.length > this.top) list.pop();
  }

  private loadBalance(): LoadBalance {
    const stationDays: StationDayBalance[] = [];
    for (const [stationId, days] of this.chosen) {
      for (const [day, workers] of days) {
        const tallies = [...workers.values()];
        stationDays.push({
          stationId,
          day,
          workers: tallies.length,
          before: spread(tallies.map((t) => t.before)),
          after: spread(tallies.map((t) => t.after)),
        });
      }
    }
    stationDays.sort((a, b) => byKey(a.day, b.day) || byKey(a.stationId, b.stationId));

    const stations = [...this.chosen.keys()].sort(byKey).map((stationId): StationBalance => {
      const own = stationDays.filter((d) => d.stationId === stationId);
      const figures = (side: Side) => {
        const chosenDays = own.filter((d) => d[side].cv !== null);
        return {
          firstChoices: own.reduce((s, d) => s + d[side].firstChoices, 0),
          meanCv: mean(sum(chosenDays.map((d) => d[side].cv!)), chosenDays.length),
          maxPerWorker: Math.max(0, ...own.map((d) => d[side].maxPerWorker)),
        };
      };
      const before = figures('before');
      const after = figures('after');
      return {
        stationId,
        days: own.length,
        firstChoices: { before: before.firstChoices, after: after.firstChoices },
        meanCv: { before: before.meanCv, after: after.meanCv },
        maxPerWorker: { before: before.maxPerWorker, after: after.maxPerWorker },
      };
    });

    const overall = (side: Side): BalanceFigures => {
      const chosenDays = stationDays.filter((d) => d[side].cv !== null);
      return {
        workerDaysChosen: stationDays.reduce((s, d) => s + d[side].workersChosen, 0),
        maxPerWorker: Math.max(0, ...stationDays.map((d) => d[side].maxPerWorker)),
        meanMaxOverMean: mean(sum(chosenDays.map((d) => d[side].maxOverMean!)), chosenDays.length),
        meanCv: mean(sum(chosenDays.map((d) => d[side].cv!)), chosenDays.length),
      };
    };
    return { stationDays, stations, overall: { before: overall('before'), after: overall('after') } };
  }
}

function sum(values: readonly number[]): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

/** Replays every decision under `policy` and compares; decisions are read once and not kept. */
export function comparePolicies(
  decisions: Iterable<Decision>,
  policy: DispatchPolicy,
  options: ComparisonOptions = {},
): PolicyComparison {
  const tally = new PolicyComparisonTally(policy, options);
  for (const decision of decisions) tally.add(decision);
  return tally.result();
}
