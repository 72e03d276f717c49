import { businessDay } from '@platform/domain-kit';
import { toMillis } from '../../matching/domain/dispatch-view';
import { RULE_CODES } from '../../matching/domain/rule-checks';
import { share, type BeforeAfter, type PolicyComparison, type PolicyRef } from './compare-policies';

// The text report of a policy comparison, as `npm run dispatch:replay` prints it.

const LABEL = 50;
const CELL = 11;
const NA = 'n/a';

const grouped = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
const fixed = (x: number | null, digits: number): string => (x === null ? NA : x.toFixed(digits));
const percent = (x: number | null): string => (x === null ? NA : `${(x * 100).toFixed(1)}%`);
const policyLabel = (p: PolicyRef): string => `${p.name}@${p.version}`;
const plural = (n: number, one: string, many = `${one}s`): string => `${grouped(n)} ${n === 1 ? one : many}`;

/** A signed difference as shown, without "-0.00" or "+0.00" when the shown figures are equal. */
function signed(delta: number, shown: string): string {
  if (Number(shown) === 0) return shown.replace(/^-/, '');
  return delta > 0 ? `+${shown}` : shown;
}

const countDelta = (v: BeforeAfter<number>): string =>
  signed(v.after - v.before, grouped(v.after - v.before));
const numberDelta = (v: BeforeAfter<number | null>, digits: number): string =>
  v.before === null || v.after === null
    ? NA
    : signed(v.after - v.before, (v.after - v.before).toFixed(digits));
const percentDelta = (v: BeforeAfter<number | null>): string =>
  v.before === null || v.after === null
    ? NA
    : `${signed(v.after - v.before, ((v.after - v.before) * 100).toFixed(1))} pp`;

function row(label: string, ...cells: string[]): string {
  return `  ${label.padEnd(LABEL - 2)}${cells.map((c) => c.padStart(CELL)).join('')}`.trimEnd();
}

const counts = (label: string, v: BeforeAfter<number>) =>
  row(label, grouped(v.before), grouped(v.after), countDelta(v));
const numbers = (label: string, v: BeforeAfter<number | null>, digits: number) =>
  row(label, fixed(v.before, digits), fixed(v.after, digits), numberDelta(v, digits));
const percents = (label: string, v: BeforeAfter<number | null>) =>
  row(label, percent(v.before), percent(v.after), percentDelta(v));

function header(c: PolicyComparison, names: { from: string; to: string }): string[] {
  const recorded =
    c.recordedUnder.length === 0
      ? 'no decisions'
      : `as recorded under ${c.recordedUnder.map((p) => `${policyLabel(p)} (${plural(p.decisions, 'decision')})`).join(', ')}`;
  const lines = [
    'Dispatch policy comparison',
    '==========================',
    `before  ${names.from}: ${recorded}`,
    `after   ${names.to}: replayed under ${policyLabel(c.policy)}`,
  ];
  if (c.period) {
    const first = businessDay(toMillis(c.period.first));
    const last = businessDay(toMillis(c.period.last));
    lines.push(
      `${plural(c.decisions, 'decision')} made ${first === last ? `on ${first}` : `${first} to ${last}`} (CST)`,
    );
  }
  if (c.recordedUnder.length > 1) {
    lines.push(
      `note: "before" mixes ${c.recordedUnder.length} recorded policies; each decision is compared with its own`,
    );
  }
  return lines;
}

/** The comparison as the command prints it: fixed-width, every figure before, after and the difference. */
export function formatComparison(c: PolicyComparison, names: { from: string; to: string }): string {
  const lines = header(c, names);
  if (c.decisions === 0) {
    lines.push('', 'Nothing to compare: no dispatch decisions were given.');
    return `${lines.join('\n')}\n`;
  }
  const o = c.outcomes;
  const s = c.shares;
  const n = c.decisions;
  lines.push(
    '',
    row(`Outcomes (of ${plural(n, 'decision')})`, 'orders', 'share'),
    row('first choice unchanged', grouped(o.sameFirstChoice), percent(s.sameFirstChoice)),
    row('first choice changed', grouped(o.firstChoiceChanged), percent(s.firstChoiceChanged)),
    row('candidates before, none now', grouped(o.noCandidateNow), percent(s.noCandidateNow)),
    row('no candidate before, candidates now', grouped(o.candidateNowOnly), percent(s.candidateNowOnly)),
    row('no candidate either way', grouped(o.noCandidateEither), percent(s.noCandidateEither)),
    row(
      '  of which no worker examined at all',
      grouped(o.nothingConsidered),
      percent(share(o.nothingConsidered, n)),
    ),
    row(
      'outcome unchanged (same first choice or none)',
      grouped(o.sameFirstChoice + o.noCandidateEither),
      percent(s.unchanged),
    ),
    row('whole order of offers unchanged', grouped(o.sameOfferOrder), percent(s.sameOfferOrder)),
    '',
    row('', 'before', 'after', 'delta'),
    'Candidates',
    counts('orders with a candidate', c.withCandidate),
    numbers('eligible workers per order (mean)', c.meanEligible, 2),
  );

  const d = c.firstChoiceDistance;
  lines.push(`First choice's distance (${plural(d.orders, 'order')} with a first choice both times)`);
  if (d.orders === 0) lines.push('  no order had a first choice both times');
  else lines.push(numbers('mean km', d.meanKm, 2), numbers('p90 km', d.p90Km, 2));

  const r = c.regularWorker;
  lines.push(`Customer's regular worker offered first (${plural(r.orders, 'order')} naming one)`);
  if (r.orders === 0) lines.push('  no order named a regular worker');
  else lines.push(counts('offered first', r.first), percents('share offered first', r.share));

  const lb = c.loadBalance;
  lines.push(
    `Load balance: first choices per worker, per station and CST day (${plural(lb.stationDays.length, 'station-day')})`,
  );
  if (lb.stationDays.length === 0) lines.push('  no worker was eligible for any order');
  else {
    const ob = lb.overall;
    lines.push(
      counts('worker-days with a first choice', {
        before: ob.before.workerDaysChosen,
        after: ob.after.workerDaysChosen,
      }),
      counts('most first choices of one worker in a day', {
        before: ob.before.maxPerWorker,
        after: ob.after.maxPerWorker,
      }),
      numbers(
        'max / mean per worker (mean over station-days)',
        {
          before: ob.before.meanMaxOverMean,
          after: ob.after.meanMaxOverMean,
        },
        2,
      ),
      numbers(
        'coeff. of variation (mean over station-days)',
        {
          before: ob.before.meanCv,
          after: ob.after.meanCv,
        },
        2,
      ),
    );
  }

  const rj = c.rejections;
  lines.push(
    'Rejected workers (summed over orders; one worker may fail several rules)',
    counts('rejected', rj.workers),
  );
  for (const code of RULE_CODES) {
    const v = rj.byRule[code];
    if (v.before > 0 || v.after > 0) lines.push(counts(`  ${code}`, v));
  }

  const f = c.formerFirstChoice;
  lines.push(
    '',
    `The recorded first choice under ${policyLabel(c.policy)} (${plural(f.orders, 'order')} that had one)`,
  );
  if (f.orders === 0) lines.push('  no order had a first choice as recorded');
  else {
    lines.push(
      row('still first', grouped(f.stillFirst), percent(share(f.stillFirst, f.orders))),
      row('still eligible', grouped(f.stillEligible), percent(share(f.stillEligible, f.orders))),
      row('no longer eligible', grouped(f.noLongerEligible), percent(share(f.noLongerEligible, f.orders))),
      row('mean rank now, of the still eligible', fixed(f.meanRankNow, 2)),
    );
  }

  if (lb.stations.length > 0) {
    const stationRow = (stationId: string, cells: string[]) =>
      `  ${stationId.padEnd(LABEL - 2 - 2 * CELL)}${cells.map((cell) => cell.padStart(CELL)).join('')}`;
    lines.push(
      '',
      'By station (first choices; coefficient of variation per worker, mean over days)',
      stationRow('station', ['before', 'after', 'delta', 'CV before', 'CV after', 'CV delta']),
    );
    for (const st of lb.stations) {
      lines.push(
        stationRow(st.stationId, [
          grouped(st.firstChoices.before),
          grouped(st.firstChoices.after),
          countDelta(st.firstChoices),
          fixed(st.meanCv.before, 2),
          fixed(st.meanCv.after, 2),
          numberDelta(st.meanCv, 2),
        ]),
      );
    }
  }

  if (c.biggestChanges.length > 0) {
    lines.push(
      '',
      `Largest changes of first choice, by distance (${c.biggestChanges.length} of ${grouped(o.firstChoiceChanged)})`,
      `  ${'order'.padEnd(38)}${'day'.padEnd(12)}${'before'.padEnd(24)}${'after'.padEnd(24)}${'km'.padStart(9)}  recorded first now`,
    );
    for (const ch of c.biggestChanges) {
      const side = (x: { workerId: string; distanceKm: number }) =>
        `${x.workerId} ${x.distanceKm.toFixed(2)} km`.padEnd(24);
      lines.push(
        `  ${ch.orderId.padEnd(38)}${ch.day.padEnd(12)}${side(ch.before)}${side(ch.after)}${signed(ch.changeKm, ch.changeKm.toFixed(2)).padStart(9)}  ${ch.formerFirstRankNow === null ? 'not eligible' : `rank ${ch.formerFirstRankNow}`}`,
      );
    }
  }

  lines.push(
    '',
    'Each decision is replayed against the facts it was made from; the replay books nobody, so later',
    'orders still see the bookings made as recorded.',
  );
  return `${lines.join('\n')}\n`;
}
