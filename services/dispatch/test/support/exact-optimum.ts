import loadHighs, { type Highs, type Model } from 'highs';
import type { CityDayPlan, PlanOrder, PlanPolicy, PlanWorker } from '../../src/planning/domain/city-day';
import {
  compileDay,
  distKm,
  existingRanks,
  homeNode,
  isOrderNode,
  mayFollow,
  type Day,
} from '../../src/planning/domain/compiled-day';
import { Routes, toPlan } from '../../src/planning/domain/routes';

export interface ExactOptions {
  /** For both solves together; HiGHS stops at the limit with the best it has. */
  timeLimitS?: number;
  /** A known plan (the planner's) handed to HiGHS as its first incumbent. */
  start?: CityDayPlan;
  /** HiGHS's own log, line by line. */
  log?: (line: string) => void;
}

export interface ExactResult {
  plan: CityDayPlan;
  /** 'optimal' when both solves proved optimality. */
  status: 'optimal' | 'time-limit' | 'failed';
  /** Lower bound on the travel of any plan assigning plan.assignedCount orders (from the second solve). */
  travelBoundKm: number;
  variables: number;
  constraints: number;
  seconds: number;
}

let runtime: Promise<Highs> | undefined;
const highs = () => (runtime ??= loadHighs());

/**
 * The exact optimum, for instances small enough: maximise the orders assigned, then minimise
 * travel, with HiGHS (WebAssembly) in two solves. Jobs start at fixed times, so a worker's day is a
 * path through a DAG of jobs that can follow one another; an arc variable per worker and pair.
 *
 *   x[w,a,b] ∈ {0,1} for each arc a→b of worker w (a = home or a job, b = a job; mayFollow,
 *     so no arc into an order longer than maxDistanceKm: online dispatch's reach)
 *   out(home_w) ≤ 1;  in(w,j) − out(w,j) ≥ 0;  in(w,e) = 1 for each existing job e of w
 *   Σ_w in(w,o) ≤ 1 for each order o;  Σ_o in(w,o) ≤ dailyCap − existing
 *   solve 1: max Σ in(w,o)  →  N*;   solve 2: Σ in(w,o) ≥ N*, min Σ km · x
 *
 * Arcs never pass an existing job (an order between two existing jobs connects only to them and
 * to orders between the same two), so a path that visits every existing job is a feasible day.
 */
export async function exactOptimum(
  orders: readonly PlanOrder[],
  workers: readonly PlanWorker[],
  policy: PlanPolicy,
  options: ExactOptions = {},
): Promise<ExactResult> {
  const solver = await highs();
  const day = compileDay(orders, workers, policy);
  const model = buildModel(day);
  const limitS = options.timeLimitS ?? 60;
  const startedAt = performance.now();
  const elapsedS = () => (performance.now() - startedAt) / 1000;
  const startColumns = options.start ? columnsOf(model, day, options.start) : undefined;

  const first = solve(solver, model, {
    cost: model.countCost,
    countLower: -solver.infinity,
    timeLimitS: limitS,
    start: startColumns,
    log: options.log,
  });
  if (!first.x) {
    return { ...emptyResult(day, model), status: 'failed', seconds: elapsedS() };
  }
  const assigned = Math.round(-first.objective);
  const firstX = first.x;
  const startCount = startColumns ? countOf(model, startColumns) : -1;
  const second = solve(solver, model, {
    cost: model.kmCost,
    countLower: assigned,
    timeLimitS: Math.max(1, limitS - elapsedS()),
    start: startCount === assigned ? startColumns : firstX,
    log: options.log,
  });
  const x = second.x ?? firstX;
  const routes = routesOf(model, day, x);
  const optimal = first.optimal && second.optimal;
  return {
    plan: toPlan(routes),
    status: optimal ? 'optimal' : 'time-limit',
    travelBoundKm: second.x ? second.bound + model.fixedKm : 0,
    variables: model.arcs.length,
    constraints: model.rowCount,
    seconds: elapsedS(),
  };
}

interface Arc {
  w: number;
  from: number;
  to: number;
}

interface IpModel {
  arcs: Arc[];
  rowCount: number;
  countRow: number;
  kmCost: Float64Array;
  countCost: Float64Array;
  starts: Int32Array;
  indices: Int32Array;
  values: Float64Array;
  rowLower: Float64Array;
  rowUpper: Float64Array;
  /** Travel of workers with existing jobs and nothing new to choose: outside the model. */
  fixedKm: number;
}

function buildModel(day: Day): IpModel {
  const arcs: Arc[] = [];
  const cols: number[][] = [];
  const vals: number[][] = [];
  const rowLower: number[] = [];
  const rowUpper: number[] = [];
  const row = (lower: number, upper: number) => {
    rowLower.push(lower);
    rowUpper.push(upper);
    return rowLower.length - 1;
  };
  for (let o = 0; o < day.n; o++) row(-Infinity, 1);
  const countRow = row(-Infinity, Infinity);
  let fixedKm = 0;

  for (let w = 0; w < day.workerCount; w++) {
    const existing = day.existingOf[w]!;
    const mine = [...day.ordersOf[w]!];
    if (mine.length === 0 || day.capLeft[w]! <= 0) {
      let prev = homeNode(day, w);
      for (const e of existing) fixedKm += distKm(day, prev, (prev = e));
      continue;
    }
    const rank = existingRanks(day, w);
    const nodes = [...mine, ...existing].sort((a, b) => day.start[a]! - day.start[b]!);
    const home = homeNode(day, w);
    const homeRow = row(-Infinity, 1);
    const capRow = row(-Infinity, day.capLeft[w]!);
    const flowRow = new Map<number, number>();
    for (const node of nodes) flowRow.set(node, row(0, Infinity));
    const mandatoryRow = new Map<number, number>();
    for (const e of existing) mandatoryRow.set(e, row(1, 1));

    const addArc = (a: number, b: number) => {
      const rows: [number, number][] = [];
      if (a === home) rows.push([homeRow, 1]);
      else rows.push([flowRow.get(a)!, -1]);
      rows.push([flowRow.get(b)!, 1]);
      if (isOrderNode(day, b)) rows.push([b, 1], [countRow, 1], [capRow, 1]);
      else rows.push([mandatoryRow.get(b)!, 1]);
      rows.sort((p, q) => p[0] - q[0]);
      arcs.push({ w, from: a, to: b });
      cols.push(rows.map((r) => r[0]));
      vals.push(rows.map((r) => r[1]));
    };
    for (const b of nodes) if (mayFollow(day, w, home, b, rank)) addArc(home, b);
    for (let i = 0; i < nodes.length; i++) {
      for (let j = i + 1; j < nodes.length; j++) {
        if (mayFollow(day, w, nodes[i]!, nodes[j]!, rank)) addArc(nodes[i]!, nodes[j]!);
      }
    }
  }

  const starts = new Int32Array(arcs.length + 1);
  let nz = 0;
  cols.forEach((c, k) => {
    nz += c.length;
    starts[k + 1] = nz;
  });
  const kmCost = Float64Array.from(arcs, (a) => distKm(day, a.from, a.to));
  const countCost = Float64Array.from(arcs, (a) => (isOrderNode(day, a.to) ? -1 : 0));
  return {
    arcs,
    rowCount: rowLower.length,
    countRow,
    kmCost,
    countCost,
    starts,
    indices: Int32Array.from(cols.flat()),
    values: Float64Array.from(vals.flat()),
    rowLower: Float64Array.from(rowLower),
    rowUpper: Float64Array.from(rowUpper),
    fixedKm,
  };
}

interface Solved {
  x?: Float64Array;
  objective: number;
  bound: number;
  optimal: boolean;
}

function solve(
  solver: Highs,
  model: IpModel,
  how: {
    cost: Float64Array;
    countLower: number;
    timeLimitS: number;
    start?: Float64Array;
    log?: (line: string) => void;
  },
): Solved {
  const inf = solver.infinity;
  const rowLower = model.rowLower.map((v) => (v === -Infinity ? -inf : v));
  const rowUpper = model.rowUpper.map((v) => (v === Infinity ? inf : v));
  rowLower[model.countRow] = how.countLower;
  const numCols = model.arcs.length;
  let instance: Model | undefined;
  try {
    instance = solver.createModel({
      numCols,
      numRows: model.rowCount,
      colCost: how.cost,
      colLower: new Float64Array(numCols),
      colUpper: new Float64Array(numCols).fill(1),
      rowLower,
      rowUpper,
      matrix: {
        format: 'csc',
        numRows: model.rowCount,
        numCols,
        starts: model.starts,
        indices: model.indices,
        values: model.values,
      },
      integrality: new Int32Array(numCols).fill(solver.constants.variableType.integer),
    });
    instance.options.set({
      output_flag: how.log !== undefined,
      log_to_console: false,
      time_limit: how.timeLimitS,
      mip_rel_gap: 1e-7,
      mip_abs_gap: 1e-6,
      // Presolve stalls for minutes on the dense count row of the second solve.
      presolve: how.countLower > -solver.infinity ? 'off' : 'choose',
    });
    if (how.start) instance.setSolution({ colValue: how.start });
    const deadline = performance.now() + how.timeLimitS * 1000;
    const types = solver.constants.callbackType;
    const log = how.log;
    instance.run({
      // HiGHS looks at its own time limit rarely in this build: a MIP checkpoint stops at ours.
      [types.mipInterrupt]: (event) => {
        if (performance.now() > deadline) event.interrupt();
      },
      ...(log
        ? {
            [types.logging]: (event) => {
              log(event.message.trimEnd());
              return undefined;
            },
          }
        : {}),
    });
    const status = instance.getModelStatus();
    const statuses = solver.constants.modelStatus;
    const hasSolution = Number(instance.info.get('primal_solution_status')) === 2;
    if (!hasSolution) return { objective: NaN, bound: NaN, optimal: false };
    return {
      x: instance.getSolution().colValue,
      objective: instance.getObjectiveValue(),
      bound: Number(instance.info.get('mip_dual_bound')),
      optimal: status === statuses.optimal,
    };
  } finally {
    instance?.dispose();
  }
}

function columnsOf(model: IpModel, day: Day, plan: CityDayPlan): Float64Array {
  const workerIndex = new Map(day.workers.map((w, i) => [w.workerId, i]));
  const orderIndex = new Map(day.orders.map((o, i) => [o.orderId, i]));
  const routes = new Routes(day);
  const byWorker = new Map<number, number[]>();
  for (const job of plan.assignments) {
    const w = workerIndex.get(job.workerId)!;
    byWorker.set(w, [...(byWorker.get(w) ?? []), orderIndex.get(job.orderId)!]);
  }
  for (const [w, mine] of byWorker) {
    routes.setRoute(
      w,
      [...day.existingOf[w]!, ...mine].sort((a, b) => day.start[a]! - day.start[b]!),
    );
  }
  const used = new Set<string>();
  routes.stops.forEach((stops, w) => {
    let prev = homeNode(day, w);
    for (const node of stops) {
      used.add(`${w}:${prev}:${node}`);
      prev = node;
    }
  });
  return Float64Array.from(model.arcs, (a) => (used.has(`${a.w}:${a.from}:${a.to}`) ? 1 : 0));
}

function countOf(model: IpModel, x: Float64Array): number {
  let count = 0;
  x.forEach((v, k) => (count += v * -model.countCost[k]!));
  return Math.round(count);
}

function routesOf(model: IpModel, day: Day, x: Float64Array): Routes {
  const next = new Map<string, number>();
  model.arcs.forEach((a, k) => {
    if (x[k]! > 0.5) next.set(`${a.w}:${a.from}`, a.to);
  });
  const routes = new Routes(day);
  for (let w = 0; w < day.workerCount; w++) {
    const stops: number[] = [];
    let at = next.get(`${w}:${homeNode(day, w)}`);
    while (at !== undefined) {
      stops.push(at);
      at = next.get(`${w}:${at}`);
    }
    if (stops.length > 0) routes.setRoute(w, stops);
  }
  return routes;
}

function emptyResult(day: Day, model: IpModel): Omit<ExactResult, 'status' | 'seconds'> {
  return {
    plan: toPlan(new Routes(day)),
    travelBoundKm: 0,
    variables: model.arcs.length,
    constraints: model.rowCount,
  };
}
