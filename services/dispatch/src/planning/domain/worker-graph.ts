import { distKm, existingRanks, homeNode, isOrderNode, mayFollow, reaches, type Day } from './compiled-day';

/** Below this, two scores or distances count as equal. */
export const EPS = 1e-9;

/**
 * A worker's day as a DAG: their candidate orders and existing jobs by start, an arc where one can
 * follow the other (mayFollow), from home into the first stretch, ending anywhere after the last
 * existing job.
 */
export interface WorkerGraph {
  nodes: Int32Array;
  isOrder: Uint8Array;
  /** km from home where the day may start at the node, NaN elsewhere. */
  fromHome: Float64Array;
  ends: Uint8Array;
  predStart: Int32Array;
  pred: Int32Array;
  predKm: Float64Array;
  /** Orders the day may still take. */
  cap: number;
  /** Empty days are allowed only without existing jobs. */
  mayBeEmpty: boolean;
}

export function buildGraphs(day: Day): WorkerGraph[] {
  const graphs: WorkerGraph[] = [];
  for (let w = 0; w < day.workerCount; w++) {
    const existing = day.existingOf[w]!;
    const nodes = Int32Array.from([...day.ordersOf[w]!, ...existing]).sort(
      (a, b) => day.start[a]! - day.start[b]!,
    );
    const rankOf = existingRanks(day, w);
    const ranks = Array.from(nodes, rankOf);
    const home = homeNode(day, w);
    const predStart = new Int32Array(nodes.length + 1);
    const pred: number[] = [];
    const predKm: number[] = [];
    for (let j = 0; j < nodes.length; j++) {
      for (let i = 0; i < j; i++) {
        const a = nodes[i]!;
        const b = nodes[j]!;
        if (!mayFollow(day, w, a, b, (node) => (node === a ? ranks[i]! : ranks[j]!))) continue;
        pred.push(i);
        predKm.push(distKm(day, a, b));
      }
      predStart[j + 1] = pred.length;
    }
    graphs.push({
      nodes,
      isOrder: Uint8Array.from(nodes, (node) => (isOrderNode(day, node) ? 1 : 0)),
      fromHome: Float64Array.from(nodes, (node, j) =>
        ranks[j] === 0 && reaches(day, home, node) ? distKm(day, home, node) : NaN,
      ),
      ends: Uint8Array.from(nodes, (node, j) =>
        existing.length === 0 ||
        node === existing.at(-1) ||
        (isOrderNode(day, node) && ranks[j] === existing.length)
          ? 1
          : 0,
      ),
      predStart,
      pred: Int32Array.from(pred),
      predKm: Float64Array.from(predKm),
      cap: Math.max(0, day.capLeft[w]!),
      mayBeEmpty: existing.length === 0,
    });
  }
  return graphs;
}

export interface Path {
  nodes: number[];
  count: number;
  /** Σ value − kmWeight · km */
  score: number;
}

/**
 * The best path through a worker's graph: `value(order)` is what taking it is worth (NaN: not
 * available); existing jobs are worth 0 and always taken. 'most-orders': most orders, then best
 * score; 'best-score': best score.
 */
export function longestPath(
  graph: WorkerGraph,
  value: (node: number) => number,
  pick: 'most-orders' | 'best-score',
  kmWeight = 1,
): Path {
  const size = graph.nodes.length;
  const width = graph.cap + 1;
  const score = new Float64Array(size * width).fill(-Infinity);
  const parent = new Int32Array(size * width).fill(-1);
  const worth = new Float64Array(size);
  for (let j = 0; j < size; j++) {
    const node = graph.nodes[j]!;
    const add = graph.isOrder[j]!;
    const v = add ? value(node) : 0;
    worth[j] = v;
    if (Number.isNaN(v) || add >= width) continue;
    const home = graph.fromHome[j]!;
    if (!Number.isNaN(home)) score[j * width + add] = v - kmWeight * home;
    for (let e = graph.predStart[j]!; e < graph.predStart[j + 1]!; e++) {
      const i = graph.pred[e]!;
      if (Number.isNaN(worth[i]!)) continue;
      const gain = v - kmWeight * graph.predKm[e]!;
      const from = i * width;
      const to = j * width + add;
      for (let k = 0; k + add < width; k++) {
        const s = score[from + k]!;
        if (s === -Infinity) continue;
        if (s + gain > score[to + k]!) {
          score[to + k] = s + gain;
          parent[to + k] = from + k;
        }
      }
    }
  }
  let bestCell = -1;
  let bestCount = graph.mayBeEmpty ? 0 : -1;
  let bestScore = graph.mayBeEmpty ? 0 : -Infinity;
  for (let j = 0; j < size; j++) {
    if (!graph.ends[j]) continue;
    for (let k = 0; k < width; k++) {
      const s = score[j * width + k]!;
      if (s === -Infinity) continue;
      const better =
        pick === 'most-orders'
          ? k > bestCount || (k === bestCount && s > bestScore + EPS)
          : s > bestScore + EPS || (s > bestScore - EPS && k > bestCount);
      if (better) {
        bestCount = k;
        bestScore = s;
        bestCell = j * width + k;
      }
    }
  }
  const nodes: number[] = [];
  for (let cell = bestCell; cell >= 0; cell = parent[cell]!)
    nodes.push(graph.nodes[Math.floor(cell / width)]!);
  nodes.reverse();
  return { nodes, count: Math.max(0, bestCount), score: bestScore };
}
