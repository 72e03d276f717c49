import { canFollow, distKm, homeNode, isOrderNode, reaches, type Day } from './compiled-day';
import type { Routes } from './routes';
import { longestPath, type WorkerGraph } from './worker-graph';

/**
 * Regret-2 insertion of the pool's unassigned orders: again and again, the order that would lose
 * most by not getting its cheapest worker (an order with one possible worker first) goes to that
 * worker. `noise` perturbs the costs to diversify the recreate step.
 */
function regretInsert(routes: Routes, pool: number[], noise: () => number): number {
  const day = routes.day;
  const bestW = new Int32Array(pool.length).fill(-1);
  const bestKm = new Float64Array(pool.length);
  const regret = new Float64Array(pool.length);
  const alive = new Uint8Array(pool.length);
  const evaluate = (k: number) => {
    const o = pool[k]!;
    let b = Infinity;
    let second = Infinity;
    let bw = -1;
    for (const w of day.workersOf[o]!) {
      const km = routes.insertionKm(w, o);
      if (!(km >= -Infinity)) continue;
      const cost = km + noise();
      if (cost < b) {
        second = b;
        b = cost;
        bw = w;
      } else if (cost < second) second = cost;
    }
    bestW[k] = bw;
    bestKm[k] = b;
    regret[k] = bw < 0 ? -Infinity : second === Infinity ? 1e6 - b : second - b;
    if (bw < 0) alive[k] = 0;
  };
  pool.forEach((o, k) => {
    alive[k] = routes.owner[o] === -1 ? 1 : 0;
    if (alive[k]) evaluate(k);
  });
  let inserted = 0;
  for (;;) {
    let pick = -1;
    for (let k = 0; k < pool.length; k++) {
      if (!alive[k]) continue;
      if (
        pick < 0 ||
        regret[k]! > regret[pick]! ||
        (regret[k] === regret[pick] && bestKm[k]! < bestKm[pick]!)
      ) {
        pick = k;
      }
    }
    if (pick < 0) return inserted;
    const w = bestW[pick]!;
    routes.insert(w, pool[pick]!);
    inserted++;
    alive[pick] = 0;
    for (let k = 0; k < pool.length; k++) {
      if (alive[k] && day.fits[w * day.n + pool[k]!]) evaluate(k);
    }
  }
}

/**
 * The planner's moves on routes being built: a descent (best days, ejection chains, relocate, swap,
 * exchange of day ends) and the ruin-and-recreate step of its annealing.
 */
export class LocalSearch {
  private readonly day: Day;

  constructor(
    private readonly routes: Routes,
    private readonly graphs: WorkerGraph[],
    private readonly random: () => number,
  ) {
    this.day = routes.day;
  }

  /** Every move, again, until none improves (or time runs out). */
  descend(stop: () => boolean): void {
    for (let pass = 0; pass < 100 && !stop(); pass++) {
      let improved = regretInsert(this.routes, this.unassigned(), () => 0) > 0;
      improved = this.ejectSweep() || improved;
      for (let w = 0; w < this.day.workerCount; w++) improved = this.bestDay(w) || improved;
      improved = this.relocateSweep() || improved;
      improved = this.tailSweep() || improved;
      improved = this.swapSweep() || improved;
      if (!improved) return;
    }
  }

  /** Drops the orders that cost most to reach until `floor` are left ('least-travel'). */
  trim(floor: number): void {
    const { day, routes } = this;
    if (routes.assigned <= floor) return;
    const gain = new Float64Array(day.workerCount).fill(-Infinity);
    const drop = new Int32Array(day.workerCount).fill(-1);
    const refresh = (w: number) => {
      gain[w] = -Infinity;
      drop[w] = -1;
      for (const node of routes.stops[w]!) {
        // The day's last planned job is always removable, so a day with planned jobs has a drop.
        if (!isOrderNode(day, node) || !routes.removable(node)) continue;
        const km = routes.removalKm(node);
        if (km > gain[w]!) {
          gain[w] = km;
          drop[w] = node;
        }
      }
    };
    for (let w = 0; w < day.workerCount; w++) refresh(w);
    while (routes.assigned > floor) {
      let w = 0;
      for (let v = 1; v < day.workerCount; v++) if (gain[v]! > gain[w]!) w = v;
      routes.remove(drop[w]!);
      refresh(w);
    }
  }

  private unassigned(): number[] {
    const out: number[] = [];
    for (let o = 0; o < this.day.n; o++)
      if (this.routes.owner[o] === -1 && this.day.workersOf[o]!.length) out.push(o);
    return out;
  }

  /**
   * Ruin: an order at random, two to four of the workers who could take it, their planned jobs
   * taken out. Recreate:
   * regret insertion (with noise) of those jobs and of the free orders those workers could take,
   * then each ruined worker's best day, then ejection chains for what is still out.
   */
  ruinAndRecreate(): void {
    const { day, routes, random } = this;
    let seed = Math.floor(random() * day.n);
    for (let tries = 0; tries < 20 && day.workersOf[seed]!.length === 0; tries++)
      seed = Math.floor(random() * day.n);
    const candidates = [...day.workersOf[seed]!];
    if (candidates.length === 0) return;
    const count = Math.min(candidates.length, 2 + Math.floor(random() * 3));
    const ruined: number[] = [];
    for (let k = 0; k < count; k++) {
      const at = Math.floor(random() * candidates.length);
      ruined.push(candidates[at]!);
      candidates.splice(at, 1);
    }
    const pool = new Set<number>();
    const removed: number[] = [];
    for (const w of ruined) {
      for (const node of [...routes.stops[w]!]) {
        if (isOrderNode(day, node)) {
          routes.remove(node);
          pool.add(node);
          removed.push(node);
        }
      }
      for (const o of day.ordersOf[w]!) if (routes.owner[o] === -1) pool.add(o);
    }
    const list = [...pool];
    if (random() < 0.5) {
      regretInsert(routes, list, () => (random() - 0.5) * 0.6);
      for (const w of ruined) this.bestDay(w);
    } else {
      for (const w of shuffle(ruined, random)) this.bestDay(w);
      regretInsert(routes, list, () => 0);
    }
    this.ejectAll(removed);
  }

  /**
   * The best day for worker w from its own planned orders and the orders nobody has: most orders,
   * then least km (the day's order being fixed by start times, a path in w's job graph).
   */
  bestDay(w: number): boolean {
    const routes = this.routes;
    const graph = this.graphs[w]!;
    if (graph.cap <= 0) return false;
    const owner = routes.owner;
    const path = longestPath(
      graph,
      (node) => (owner[node] === -1 || owner[node] === w ? 0 : NaN),
      'most-orders',
    );
    const currentCount = routes.planned[w]!;
    if (path.count < currentCount || (path.count === currentCount && -path.score >= routes.km[w]! - 1e-7))
      return false;
    routes.setRoute(w, path.nodes);
    return true;
  }

  /**
   * Exchanges the ends of two workers' days (2-opt* of vehicle routing): A keeps its jobs up to a
   * point and does B's from a point on, and B the reverse, where the jobs fit and it costs less.
   */
  private tailSweep(): boolean {
    const { day, routes } = this;
    let improved = false;
    for (let a = 0; a < day.workerCount; a++) {
      if (routes.planned[a] === 0) continue;
      const partners = new Set<number>();
      for (const node of routes.stops[a]!)
        if (isOrderNode(day, node)) for (const b of day.workersOf[node]!) partners.add(b);
      partners.delete(a);
      for (const b of partners) if (this.exchangeTails(a, b)) improved = true;
    }
    return improved;
  }

  private exchangeTails(a: number, b: number): boolean {
    const { day, routes } = this;
    const A = routes.stops[a]!;
    const B = routes.stops[b]!;
    const firstMovable = (stops: number[]) => {
      let k = stops.length;
      while (k > 0 && isOrderNode(day, stops[k - 1]!)) k--;
      return k;
    };
    const fromA = firstMovable(A);
    const fromB = firstMovable(B);
    const homeA = homeNode(day, a);
    const homeB = homeNode(day, b);
    for (let i = fromA; i <= A.length; i++) {
      // The tail A[i..] must fit B: once an order does not, shorter cuts cannot help.
      let tailFitsB = true;
      for (let k = i; k < A.length && tailFitsB; k++) if (!day.fits[b * day.n + A[k]!]) tailFitsB = false;
      if (!tailFitsB) continue;
      const prevA = i > 0 ? A[i - 1]! : homeA;
      const headA = A[i];
      for (let j = fromB; j <= B.length; j++) {
        if (i === A.length && j === B.length) continue;
        let tailFitsA = true;
        for (let k = j; k < B.length && tailFitsA; k++) if (!day.fits[a * day.n + B[k]!]) tailFitsA = false;
        if (!tailFitsA) continue;
        const headB = B[j];
        const countA = routes.planned[a]! - (A.length - i) + (B.length - j);
        const countB = routes.planned[b]! - (B.length - j) + (A.length - i);
        if (countA > day.capLeft[a]! || countB > day.capLeft[b]!) continue;
        const prevB = j > 0 ? B[j - 1]! : homeB;
        if (headB !== undefined && prevA !== homeA && !canFollow(day, prevA, headB)) continue;
        if (headA !== undefined && prevB !== homeB && !canFollow(day, prevB, headA)) continue;
        if (headB !== undefined && !reaches(day, prevA, headB)) continue;
        if (headA !== undefined && !reaches(day, prevB, headA)) continue;
        const before =
          (headA !== undefined ? distKm(day, prevA, headA) : 0) +
          (headB !== undefined ? distKm(day, prevB, headB) : 0);
        const after =
          (headB !== undefined ? distKm(day, prevA, headB) : 0) +
          (headA !== undefined ? distKm(day, prevB, headA) : 0);
        if (after < before - 1e-7) {
          routes.setRoutes(
            new Map([
              [a, { stops: [...A.slice(0, i), ...B.slice(j)], km: routes.km[a]! }],
              [b, { stops: [...B.slice(0, j), ...A.slice(i)], km: routes.km[b]! }],
            ]),
          );
          routes.km[a] = routes.routeKm(a);
          routes.km[b] = routes.routeKm(b);
          return true;
        }
      }
    }
    return false;
  }

  /** Moves an order to another worker where it costs less. */
  private relocateSweep(): boolean {
    const { day, routes } = this;
    let improved = false;
    for (let o = 0; o < day.n; o++) {
      const from = routes.owner[o]!;
      if (from < 0 || !routes.removable(o)) continue;
      const gain = routes.removalKm(o);
      let bestW = -1;
      let bestKm = gain - 1e-7;
      for (const w of day.workersOf[o]!) {
        if (w === from) continue;
        const km = routes.insertionKm(w, o);
        if (km < bestKm) {
          bestKm = km;
          bestW = w;
        }
      }
      if (bestW >= 0) {
        routes.remove(o);
        routes.insert(bestW, o);
        improved = true;
      }
    }
    return improved;
  }

  /** Exchanges two orders between two workers where that costs less. */
  private swapSweep(): boolean {
    const { day, routes } = this;
    let improved = false;
    for (let a = 0; a < day.n; a++) {
      const wa = routes.owner[a]!;
      if (wa < 0) continue;
      for (const wb of day.workersOf[a]!) {
        if (wb === wa || routes.owner[a] !== wa) continue;
        for (const b of [...routes.stops[wb]!]) {
          if (!isOrderNode(day, b) || !day.fits[wa * day.n + b] || routes.owner[a] !== wa) continue;
          if (!routes.removable(a) || !routes.removable(b)) continue;
          const kmA = routes.km[wa]!;
          const kmB = routes.km[wb]!;
          routes.remove(a);
          routes.remove(b);
          const toB = routes.insertionKm(wb, a);
          const toA = routes.insertionKm(wa, b);
          if (toB + toA + routes.km[wa]! + routes.km[wb]! < kmA + kmB - 1e-7) {
            routes.insert(wb, a, toB);
            routes.insert(wa, b, toA);
            improved = true;
          } else {
            routes.insert(wa, a);
            routes.insert(wb, b);
            routes.km[wa] = kmA;
            routes.km[wb] = kmB;
          }
        }
      }
    }
    return improved;
  }

  private ejectSweep(): boolean {
    return this.ejectAll(this.unassigned(), 600);
  }

  /** Augmenting chains for each order of the pool still left out; true if any got in. */
  private ejectAll(pool: number[], budget = 3000): boolean {
    let improved = false;
    for (const u of pool) if (this.routes.owner[u] === -1 && this.augment(u, 6, budget)) improved = true;
    return improved;
  }

  /**
   * An augmenting chain for left-out order u, found breadth first (so, shortest): u goes to a worker
   * in place of the one job in its way, that job to another worker in place of the job in its way,
   * and so on, until one lands where there is room. Every worker appears once in a chain, so each
   * step stays valid when the chain is carried out. One more order assigned.
   */
  private augment(u: number, maxDepth = 6, budget = 3000): boolean {
    const { day, routes } = this;
    interface Step {
      order: number;
      parent: Step | null;
      /** Where the parent's order goes, the job it ejects being this step's order. */
      worker: number;
      depth: number;
    }
    const queued = new Set<number>([u]);
    const queue: Step[] = [{ order: u, parent: null, worker: -1, depth: 0 }];
    let work = 0;
    for (let head = 0; head < queue.length && work < budget; head++) {
      const step = queue[head]!;
      const x = step.order;
      const used = new Set<number>();
      for (let s: Step | null = step; s; s = s.parent) if (s.worker >= 0) used.add(s.worker);
      let landing = -1;
      let landingKm = Infinity;
      for (const w of day.workersOf[x]!) {
        if (used.has(w)) continue;
        work++;
        const km = routes.insertionKm(w, x);
        if (km < landingKm) {
          landingKm = km;
          landing = w;
        }
      }
      if (landing >= 0) {
        this.carryOut(step, landing);
        return true;
      }
      if (step.depth >= maxDepth) continue;
      for (const w of day.workersOf[x]!) {
        if (used.has(w)) continue;
        for (const v of this.inTheWay(w, x)) {
          if (queued.has(v)) continue;
          work++;
          const kmW = routes.km[w]!;
          // Unless x takes v's very place, v's neighbours meet: the next must be within reach.
          const removable = routes.removable(v);
          const at = routes.stops[w]!.indexOf(v);
          routes.remove(v);
          const fits = routes.insertionKm(w, x) >= -Infinity && (removable || routes.position(w, x) === at);
          routes.insert(w, v);
          routes.km[w] = kmW;
          if (!fits) continue;
          queued.add(v);
          queue.push({ order: v, parent: step, worker: w, depth: step.depth + 1 });
        }
      }
    }
    return false;
  }

  /** The chain ending at `last`, whose order lands on `landing`: from the left-out order on. */
  private carryOut(last: { order: number; parent: unknown; worker: number }, landing: number): void {
    type Step = { order: number; parent: Step | null; worker: number };
    const chain: Step[] = [];
    for (let s: Step | null = last as Step; s; s = s.parent) chain.unshift(s);
    // chain[0] is the left-out order; chain[k].worker takes chain[k-1].order in place of chain[k].order.
    for (let k = 1; k < chain.length; k++) {
      const w = chain[k]!.worker;
      this.routes.remove(chain[k]!.order);
      this.routes.insert(w, chain[k - 1]!.order);
    }
    this.routes.insert(landing, chain[chain.length - 1]!.order);
  }

  /** The planned jobs of w whose removal alone could make room for order u. */
  private inTheWay(w: number, u: number): number[] {
    const { day, routes } = this;
    const stops = routes.stops[w]!;
    const at = routes.position(w, u);
    const prev = stops[at - 1];
    const next = stops[at];
    // Too far from home: no job of the day is in the way.
    if (prev === undefined && !reaches(day, homeNode(day, w), u)) return [];
    const blockedBefore = prev !== undefined && (!canFollow(day, prev, u) || !reaches(day, prev, u));
    const blockedAfter = next !== undefined && (!canFollow(day, u, next) || !reaches(day, u, next));
    if (blockedBefore && blockedAfter) return [];
    if (blockedBefore) return isOrderNode(day, prev!) ? [prev!] : [];
    if (blockedAfter) return isOrderNode(day, next!) ? [next!] : [];
    // Nothing in the way in time: the day is full, any planned job can make room.
    return routes.planned[w]! >= day.capLeft[w]! ? stops.filter((node) => isOrderNode(day, node)) : [];
  }
}

function shuffle<T>(list: T[], random: () => number): T[] {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
