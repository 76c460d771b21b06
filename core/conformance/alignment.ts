import { MinHeap } from './min-heap';
import { fire, isEnabled, type Marking, markingKey, type PetriNet, sameMarking } from './petri-net';
import type { ConformanceTrace } from './types';

/**
 * Cost units as in PM4Py's standard cost function: a log move or a visible model move costs one
 * deviation (scaled to {@link DEVIATION}); a silent model move costs 1 so that, among optimal
 * alignments, the one with the fewest silent steps wins; the reported cost is `⌊cost / DEVIATION⌋`.
 */
const DEVIATION = 10_000;
const SILENT = 1;

/** One move of an alignment. */
export interface AlignmentMove {
  /** `sync`: log and model agree; `log`: event the model cannot do here; `model`: step the log lacks. */
  kind: 'sync' | 'log' | 'model';
  activity?: string;
  transitionId?: string;
  elementId?: string;
  /** Model moves on silent transitions (gateways, events): free, not deviations. */
  silent?: boolean;
  /** Index of the event in the trace, for sync and log moves. */
  eventIndex?: number;
}

export interface AlignmentResult {
  caseId: string;
  /** `too-large` when the search exceeded its state budget; then there are no moves and no fitness. */
  verdict: 'ok' | 'too-large';
  moves: AlignmentMove[];
  /** Number of deviations (log moves + visible model moves) of the optimal alignment. */
  cost: number;
  /** Worst-case cost: trace length + visible steps on the model's shortest complete path. */
  worstCost: number;
  /** 1 − cost / worstCost (0 when worstCost is 0, as PM4Py does). */
  fitness?: number;
  /**
   * PM4Py's internal costs (10 000 per deviation + 1 per silent move) of the alignment and of the
   * worst case; PM4Py's log fitness is computed from these, so they are kept to match it exactly.
   */
  internalCost: number;
  internalWorstCost: number;
  visitedStates: number;
}

export interface AlignmentLogResult {
  traces: AlignmentResult[];
  /** 1 − ΣinternalCost / ΣinternalWorstCost over traces aligned within budget (PM4Py's `log_fitness`). */
  logFitness: number;
  averageTraceFitness: number;
  /** Share (0…1) of aligned traces with fitness 1. */
  fittingTraceShare: number;
  tooLarge: number;
}

export interface AlignmentOptions {
  /** Search states a single trace may expand before the verdict is `too-large`. */
  maxStates?: number;
}

interface SearchNode {
  marking: Marking;
  index: number;
  cost: number;
  seq: number;
  parent?: SearchNode;
  move?: AlignmentMove;
}

/** Dijkstra over the synchronous product of trace and net; returns the goal node or the reason it has none. */
function search(
  net: PetriNet,
  activities: string[],
  maxStates: number,
): { goal?: SearchNode; visited: number; tooLarge: boolean } {
  const n = activities.length;
  const heap = new MinHeap<SearchNode>((a, b) =>
    a.cost !== b.cost ? a.cost < b.cost : a.index !== b.index ? a.index > b.index : a.seq < b.seq,
  );
  const best = new Map<string, number>();
  const closed = new Set<string>();
  let seq = 0;
  const push = (node: Omit<SearchNode, 'seq'>): void => {
    const key = `${node.index}|${markingKey(node.marking)}`;
    const known = best.get(key);
    if (known !== undefined && known <= node.cost) return;
    best.set(key, node.cost);
    heap.push({ ...node, seq: seq++ });
  };
  push({ marking: net.initialMarking, index: 0, cost: 0 });
  while (heap.size > 0) {
    const node = heap.pop() as SearchNode;
    const key = `${node.index}|${markingKey(node.marking)}`;
    if (closed.has(key)) continue;
    closed.add(key);
    if (node.index === n && sameMarking(node.marking, net.finalMarking))
      return { goal: node, visited: closed.size, tooLarge: false };
    if (closed.size > maxStates) return { visited: closed.size, tooLarge: true };
    const activity = activities[node.index];
    if (node.index < n) {
      push({
        marking: node.marking,
        index: node.index + 1,
        cost: node.cost + DEVIATION,
        parent: node,
        move: { kind: 'log', activity, eventIndex: node.index },
      });
    }
    for (const t of net.transitions) {
      if (!isEnabled(node.marking, t)) continue;
      const next = fire(node.marking, t);
      const base = { transitionId: t.id, elementId: t.elementId };
      if (t.label === undefined) {
        push({
          marking: next,
          index: node.index,
          cost: node.cost + SILENT,
          parent: node,
          move: { kind: 'model', silent: true, ...base },
        });
        continue;
      }
      push({
        marking: next,
        index: node.index,
        cost: node.cost + DEVIATION,
        parent: node,
        move: { kind: 'model', activity: t.label, ...base },
      });
      if (node.index < n && t.label === activity) {
        push({
          marking: next,
          index: node.index + 1,
          cost: node.cost,
          parent: node,
          move: { kind: 'sync', activity, eventIndex: node.index, ...base },
        });
      }
    }
  }
  return { visited: closed.size, tooLarge: false };
}

const worstCache = new WeakMap<PetriNet, number>();

function internalModelPathCost(net: PetriNet, maxStates = 1_000_000): number {
  const cached = worstCache.get(net);
  if (cached !== undefined) return cached;
  const { goal } = search(net, [], maxStates);
  if (!goal) throw new Error('The net has no run from the initial to the final marking (is the process sound?)');
  worstCache.set(net, goal.cost);
  return goal.cost;
}

/** Visible steps on the model's cheapest complete run (the empty trace's alignment cost). */
export function shortestModelPathCost(net: PetriNet, maxStates = 1_000_000): number {
  return Math.floor(internalModelPathCost(net, maxStates) / DEVIATION);
}

/**
 * An optimal alignment of one trace with the net (standard costs: log move 1, visible model move 1,
 * silent move 0), and the alignment fitness 1 − cost / (|trace| + shortest model path cost).
 */
export function alignTrace(net: PetriNet, trace: ConformanceTrace, options: AlignmentOptions = {}): AlignmentResult {
  const activities = trace.events.map((e) => e.activity);
  const internalWorstCost = activities.length * DEVIATION + internalModelPathCost(net);
  const worstCost = Math.floor(internalWorstCost / DEVIATION);
  const { goal, visited, tooLarge } = search(net, activities, options.maxStates ?? 200_000);
  if (!goal) {
    if (!tooLarge) throw new Error('The net has no run from the initial to the final marking (is the process sound?)');
    return {
      caseId: trace.caseId,
      verdict: 'too-large',
      moves: [],
      cost: 0,
      worstCost,
      internalCost: 0,
      internalWorstCost,
      visitedStates: visited,
    };
  }
  const moves: AlignmentMove[] = [];
  for (let node: SearchNode | undefined = goal; node?.move; node = node.parent) moves.push(node.move);
  moves.reverse();
  const cost = Math.floor(goal.cost / DEVIATION);
  return {
    caseId: trace.caseId,
    verdict: 'ok',
    moves,
    cost,
    worstCost,
    fitness: worstCost > 0 ? 1 - cost / worstCost : 0,
    internalCost: goal.cost,
    internalWorstCost,
    visitedStates: visited,
  };
}

/** Aligns every trace and aggregates as PM4Py's alignment-based replay fitness does. */
export function alignLog(
  net: PetriNet,
  traces: ConformanceTrace[],
  options: AlignmentOptions = {},
): AlignmentLogResult {
  // Traces with the same activity sequence (a variant) share one alignment.
  const byVariant = new Map<string, AlignmentResult>();
  const results = traces.map((t) => {
    const key = t.events.map((e) => e.activity).join('\u0000');
    const known = byVariant.get(key);
    if (known) return { ...known, caseId: t.caseId };
    const r = alignTrace(net, t, options);
    byVariant.set(key, r);
    return r;
  });
  const ok = results.filter((r) => r.verdict === 'ok');
  const sumCost = ok.reduce((a, r) => a + r.internalCost, 0);
  const sumWorst = ok.reduce((a, r) => a + r.internalWorstCost, 0);
  return {
    traces: results,
    logFitness: ok.length > 0 && sumWorst > 0 ? 1 - sumCost / sumWorst : ok.length > 0 ? 1 : 0,
    averageTraceFitness: ok.length > 0 ? ok.reduce((a, r) => a + (r.fitness ?? 0), 0) / ok.length : 0,
    fittingTraceShare: ok.length > 0 ? ok.filter((r) => r.fitness === 1).length / ok.length : 0,
    tooLarge: results.length - ok.length,
  };
}
