import { fire, isEnabled, type Marking, markingKey, type NetTransition, type PetriNet, sameMarking } from './petri-net';
import { shortestSilentPath } from './silent-search';
import type { ConformanceTrace } from './types';

/** Token-replay result of one trace (the figures PM4Py's token replay reports). */
export interface TokenReplayResult {
  caseId: string;
  produced: number;
  consumed: number;
  missing: number;
  remaining: number;
  /** ½(1 − m/c) + ½(1 − r/p). */
  fitness: number;
  /**
   * No missing and no remaining tokens. As in PM4Py, activities unknown to the model do not make a
   * trace unfit unless {@link TokenReplayOptions.considerActivitiesNotInModel} is set.
   */
  isFit: boolean;
  /** Activities of the trace that no transition of the model records (not replayed). */
  activitiesNotInModel: string[];
  /** Transitions fired, visible and silent, in order (for diagnostics). */
  fired: string[];
}

/** Log-level token-replay figures, aggregated as PM4Py's replay-fitness evaluation does. */
export interface TokenReplayLogResult {
  traces: TokenReplayResult[];
  /** ½(1 − Σm/Σc) + ½(1 − Σr/Σp) over all traces. */
  logFitness: number;
  averageTraceFitness: number;
  /** Share (0…1) of traces that fit. */
  fittingTraceShare: number;
}

export interface TokenReplayOptions {
  /** Markings a silent-path search may visit before giving up on enabling a transition. */
  maxSilentStates?: number;
  /** Count activities the model does not know against `isFit` (PM4Py's `consider_activities_not_in_model_in_fitness`). */
  considerActivitiesNotInModel?: boolean;
}

const covers = (m: Marking, target: Marking): boolean => {
  for (let i = 0; i < m.length; i++) if (m[i] < target[i]) return false;
  return true;
};

/**
 * What replay looks up again and again, per net and search budget: transitions by label, and the
 * outcome of each silent-path search by marking (the same markings recur across the traces of a log,
 * and a search's outcome depends on nothing else). Caches are bounded.
 */
interface NetIndex {
  byLabel: Map<string, NetTransition[]>;
  enabling: Map<string, { t: NetTransition; path: NetTransition[] } | null>;
  finishing: Map<string, NetTransition[] | null>;
  remember<V>(cache: Map<string, V>, key: string, value: V): void;
}

const MAX_CACHED = 100_000;
const indexes = new WeakMap<PetriNet, Map<number, NetIndex>>();

function indexOf(net: PetriNet, maxStates: number): NetIndex {
  let perBudget = indexes.get(net);
  if (!perBudget) {
    perBudget = new Map();
    indexes.set(net, perBudget);
  }
  let index = perBudget.get(maxStates);
  if (!index) {
    const byLabel = new Map<string, NetTransition[]>();
    for (const t of net.transitions) {
      if (t.label !== undefined) byLabel.set(t.label, [...(byLabel.get(t.label) ?? []), t]);
    }
    index = {
      byLabel,
      enabling: new Map(),
      finishing: new Map(),
      remember(cache, key, value) {
        if (cache.size >= MAX_CACHED) cache.clear();
        cache.set(key, value);
      },
    };
    perBudget.set(maxStates, index);
  }
  return index;
}

/**
 * Token-based replay of one trace: for each event fire a transition with its label, first firing the
 * shortest sequence of silent transitions that enables it when it is not enabled, and otherwise
 * inserting the missing tokens. At the end, silent transitions are fired to reach the final marking
 * if possible, the final marking is consumed, and the tokens left count as remaining.
 */
export function replayTrace(
  net: PetriNet,
  trace: ConformanceTrace,
  options: TokenReplayOptions = {},
): TokenReplayResult {
  const maxStates = options.maxSilentStates ?? 2000;
  const index = indexOf(net, maxStates);
  const byLabel = index.byLabel;
  let m = net.initialMarking.slice();
  let produced = m.reduce((a, x) => a + x, 0);
  let consumed = 0;
  let missing = 0;
  const notInModel: string[] = [];
  const fired: string[] = [];
  const fireCounting = (t: NetTransition): void => {
    consumed += t.inputs.length;
    produced += t.outputs.length;
    m = fire(m, t);
    fired.push(t.id);
  };

  for (const event of trace.events) {
    const candidates = byLabel.get(event.activity);
    if (!candidates) {
      notInModel.push(event.activity);
      continue;
    }
    let chosen = candidates.find((t) => isEnabled(m, t));
    if (!chosen) {
      const key = `${markingKey(m)}|${event.activity}`;
      let best = index.enabling.get(key);
      if (best === undefined) {
        best = null;
        for (const t of candidates) {
          const found = shortestSilentPath(net, m, (x) => isEnabled(x, t), maxStates);
          if (found && (!best || found.path.length < best.path.length)) best = { t, path: found.path };
        }
        index.remember(index.enabling, key, best);
      }
      if (best) {
        for (const s of best.path) fireCounting(s);
        chosen = best.t;
      } else {
        chosen = candidates[0];
        for (const p of chosen.inputs) {
          if (m[p] < 1) {
            missing += 1;
            m[p] += 1;
          }
        }
      }
    }
    fireCounting(chosen);
  }

  const final = net.finalMarking;
  if (!sameMarking(m, final)) {
    const key = markingKey(m);
    let reach = index.finishing.get(key);
    if (reach === undefined) {
      const found =
        shortestSilentPath(net, m, (x) => sameMarking(x, final), maxStates) ??
        shortestSilentPath(net, m, (x) => covers(x, final), maxStates);
      reach = found ? found.path : null;
      index.remember(index.finishing, key, reach);
    }
    if (reach) for (const s of reach) fireCounting(s);
  }
  for (let p = 0; p < final.length; p++) {
    if (final[p] === 0) continue;
    consumed += final[p];
    if (m[p] < final[p]) {
      missing += final[p] - m[p];
      m[p] = 0;
    } else {
      m[p] -= final[p];
    }
  }
  const remaining = m.reduce((a, x) => a + x, 0);
  const fitness = consumed > 0 && produced > 0 ? 0.5 * (1 - missing / consumed) + 0.5 * (1 - remaining / produced) : 1;
  return {
    caseId: trace.caseId,
    produced,
    consumed,
    missing,
    remaining,
    fitness,
    isFit: missing === 0 && remaining === 0 && (!options.considerActivitiesNotInModel || notInModel.length === 0),
    activitiesNotInModel: notInModel,
    fired,
  };
}

/** Token-based replay of a whole log with PM4Py's log-level aggregation. */
export function replayLog(
  net: PetriNet,
  traces: ConformanceTrace[],
  options: TokenReplayOptions = {},
): TokenReplayLogResult {
  // Traces with the same activity sequence (a variant) replay identically.
  const byVariant = new Map<string, TokenReplayResult>();
  const results = traces.map((t) => {
    const key = t.events.map((e) => e.activity).join('\u0000');
    const known = byVariant.get(key);
    if (known) return { ...known, caseId: t.caseId };
    const r = replayTrace(net, t, options);
    byVariant.set(key, r);
    return r;
  });
  const sum = (f: (r: TokenReplayResult) => number): number => results.reduce((a, r) => a + f(r), 0);
  const [m, c, r, p] = [sum((x) => x.missing), sum((x) => x.consumed), sum((x) => x.remaining), sum((x) => x.produced)];
  const n = results.length;
  return {
    traces: results,
    logFitness: n > 0 && c > 0 && p > 0 ? 0.5 * (1 - m / c) + 0.5 * (1 - r / p) : 0,
    averageTraceFitness: n > 0 ? sum((x) => x.fitness) / n : 0,
    fittingTraceShare: n > 0 ? results.filter((x) => x.isFit).length / n : 0,
  };
}
