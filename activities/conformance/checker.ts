/**
 * Checks cases against the deployed BPMN: token replay for the fitness figures, an optimal alignment
 * (bounded per trace) for the explanation, organisational and SLA deviations on top; and the
 * aggregation of many checked cases into a run summary.
 */
import {
  bpmnToPetriNet,
  checkCase,
  elementDeviationCounts,
  expectedPerformers,
  replayTrace,
  slaBreaches,
  type ConformanceTrace,
  type Deviation,
  type PetriNet,
} from '../../core/conformance';
import type { CompiledProcess } from '../../core/bpmn/graph';
import type { CaseVerdict, RunSummary } from '../../store/conformance';

/** One case checked. */
export interface CheckedCase {
  caseId: string;
  verdict: CaseVerdict;
  fitness?: number;
  tokenFitness: number;
  deviations: Deviation[];
  events: number;
  /** Token counts and alignment costs, kept so that log-level fitness can be aggregated exactly. */
  tokens: { produced: number; consumed: number; missing: number; remaining: number };
  alignmentCost?: { internal: number; internalWorst: number };
  /** Steps whose element names performers and whose event says who did it, and how many of those were wrong. */
  org: { judged: number; wrong: number };
  /** Who performed the case's steps (resources) and their departments. */
  agents: string[];
  departments: string[];
}

export interface CheckerOptions {
  /** Search states one alignment may expand before the case is `too-large`. */
  maxStates?: number;
  /** Instant after which steps never done count as SLA breaches (omit for finished logs). */
  now?: number;
}

/** A compiled process, its workflow net and the checks against it. */
export class ModelChecker {
  readonly net: PetriNet;
  private readonly elementByActivity = new Map<string, string>();

  constructor(
    readonly process: CompiledProcess,
    private readonly options: CheckerOptions = {},
  ) {
    this.net = bpmnToPetriNet(process);
    for (const t of this.net.transitions) if (t.label && t.elementId) this.elementByActivity.set(t.label, t.elementId);
  }

  /** The model element an activity name stands for, if any. */
  elementOf(activity: string): string | undefined {
    return this.elementByActivity.get(activity);
  }

  check(trace: ConformanceTrace): CheckedCase {
    const replay = replayTrace(this.net, trace);
    const checked = checkCase(this.process, this.net, trace, { maxStates: this.options.maxStates });
    const tokens = { produced: replay.produced, consumed: replay.consumed, missing: replay.missing, remaining: replay.remaining };
    const people = {
      agents: [...new Set(trace.events.map((e) => e.resource).filter((x): x is string => !!x))],
      departments: [...new Set(trace.events.map((e) => e.department).filter((x): x is string => !!x))],
    };
    if (checked.verdict === 'too-large') {
      return { caseId: trace.caseId, verdict: 'too-large', tokenFitness: replay.fitness, deviations: [], events: trace.events.length, tokens, org: { judged: 0, wrong: 0 }, ...people };
    }
    let judged = 0;
    for (const m of checked.alignment.moves) {
      if (m.kind !== 'sync' || m.eventIndex === undefined || !m.elementId) continue;
      const el = this.process.elements[m.elementId];
      const ev = trace.events[m.eventIndex];
      if (!el || !ev || expectedPerformers(el).length === 0) continue;
      if (ev.role || ev.department || ev.groups?.length) judged += 1;
    }
    const deviations = [...checked.deviations, ...slaBreaches(this.process, trace, checked.alignment, { now: this.options.now })];
    return {
      caseId: trace.caseId,
      verdict: deviations.length === 0 ? 'conformant' : 'deviant',
      fitness: checked.fitness,
      tokenFitness: replay.fitness,
      deviations,
      events: trace.events.length,
      tokens,
      alignmentCost: { internal: checked.alignment.internalCost, internalWorst: checked.alignment.internalWorstCost },
      org: { judged, wrong: deviations.filter((d) => d.kind === 'wrong-performer').length },
      ...people,
    };
  }
}

/** Adds checked cases up into a {@link RunSummary}, one case at a time. */
export class RunAggregator {
  private readonly s: RunSummary = {
    cases: 0,
    conformant: 0,
    deviant: 0,
    tooLarge: 0,
    normativeRate: 0,
    tokenLogFitness: 0,
    alignmentLogFitness: 0,
    averageFitness: 0,
    byKind: {},
    elements: {},
  };
  private readonly t = { produced: 0, consumed: 0, missing: 0, remaining: 0 };
  private readonly a = { internal: 0, internalWorst: 0, fitnessSum: 0, aligned: 0 };

  constructor(private readonly elementOf: (activity: string) => string | undefined = () => undefined) {}

  add(c: CheckedCase): void {
    this.s.cases += 1;
    if (c.verdict === 'conformant') this.s.conformant += 1;
    else if (c.verdict === 'deviant') this.s.deviant += 1;
    else this.s.tooLarge += 1;
    for (const k of Object.keys(this.t) as (keyof typeof this.t)[]) this.t[k] += c.tokens[k];
    if (c.alignmentCost) {
      this.a.internal += c.alignmentCost.internal;
      this.a.internalWorst += c.alignmentCost.internalWorst;
      this.a.fitnessSum += c.fitness ?? 0;
      this.a.aligned += 1;
    }
    for (const d of c.deviations) this.s.byKind[d.kind] = (this.s.byKind[d.kind] ?? 0) + 1;
    for (const [el, n] of Object.entries(elementDeviationCounts([c.deviations], this.elementOf))) {
      const e = (this.s.elements[el] ??= { skipped: 0, inserted: 0, outOfOrder: 0 });
      e.skipped += n.skipped;
      e.inserted += n.inserted;
      e.outOfOrder += n.outOfOrder;
    }
  }

  summary(): RunSummary {
    const { produced: p, consumed: c, missing: m, remaining: r } = this.t;
    return {
      ...this.s,
      normativeRate: this.s.cases > 0 ? this.s.conformant / this.s.cases : 0,
      tokenLogFitness: c > 0 && p > 0 ? 0.5 * (1 - m / c) + 0.5 * (1 - r / p) : 0,
      alignmentLogFitness: this.a.internalWorst > 0 ? 1 - this.a.internal / this.a.internalWorst : this.a.aligned > 0 ? 1 : 0,
      averageFitness: this.a.aligned > 0 ? this.a.fitnessSum / this.a.aligned : 0,
    };
  }
}
