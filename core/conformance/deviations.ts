import type { CompiledProcess, ElementDef } from '../bpmn/graph';
import type { AlignmentResult } from './alignment';
import type { ConformanceTrace } from './types';

/** One way a case departed from its process model. */
export type Deviation =
  | { kind: 'skipped'; activity: string; elementId?: string }
  | { kind: 'inserted'; activity: string; eventIndex: number }
  | { kind: 'wrong-order'; activity: string; elementId?: string; eventIndex: number }
  | {
      kind: 'wrong-performer';
      activity: string;
      elementId: string;
      eventIndex: number;
      expected: string[];
      actual: string[];
    }
  | { kind: 'operator-override'; activity: string; eventIndex: number }
  | { kind: 'sla-breach'; activity: string; elementId?: string; eventIndex?: number; dueAt: number; doneAt?: number };

/**
 * Deviations read off an optimal alignment: a visible model move is a skipped step, a log move an
 * inserted step, and a log move paired with a model move of the same activity a step done in the
 * wrong order (pairs are matched in alignment order, each move used once).
 */
export function alignmentDeviations(alignment: AlignmentResult): Deviation[] {
  const logMoves = alignment.moves.filter((m) => m.kind === 'log');
  const modelMoves = alignment.moves.filter((m) => m.kind === 'model' && !m.silent);
  const pairedModel = new Set<number>();
  const out: Deviation[] = [];
  const paired = new Set<number>();
  for (const lm of logMoves) {
    const j = modelMoves.findIndex((mm, k) => !pairedModel.has(k) && mm.activity === lm.activity);
    if (j >= 0) {
      pairedModel.add(j);
      paired.add(lm.eventIndex ?? -1);
      out.push({
        kind: 'wrong-order',
        activity: lm.activity ?? '',
        elementId: modelMoves[j].elementId,
        eventIndex: lm.eventIndex ?? -1,
      });
    }
  }
  for (const lm of logMoves) {
    if (!paired.has(lm.eventIndex ?? -1))
      out.push({ kind: 'inserted', activity: lm.activity ?? '', eventIndex: lm.eventIndex ?? -1 });
  }
  modelMoves.forEach((mm, k) => {
    if (!pairedModel.has(k)) out.push({ kind: 'skipped', activity: mm.activity ?? '', elementId: mm.elementId });
  });
  return out;
}

/** The roles or departments a model element expects to perform it: `performer`, `department`, `candidateGroups`. */
export function expectedPerformers(element: ElementDef): string[] {
  const out = new Set<string>();
  if (element.performer) out.add(element.performer);
  if (element.task?.department) out.add(element.task.department);
  for (const g of element.task?.candidateGroups ?? []) out.add(g);
  return [...out];
}

/**
 * Organisational conformance: each synchronous step whose element names expected performers must be
 * done by an event whose role, department or resource is one of them. Events recording neither a role
 * nor a department are not judged. Operator overrides are reported too.
 */
export function organisationalDeviations(
  process: CompiledProcess,
  trace: ConformanceTrace,
  alignment: AlignmentResult,
): Deviation[] {
  const out: Deviation[] = [];
  for (const move of alignment.moves) {
    if (move.kind !== 'sync' || move.eventIndex === undefined || !move.elementId) continue;
    const event = trace.events[move.eventIndex];
    const element = process.elements[move.elementId];
    if (event?.override) out.push({ kind: 'operator-override', activity: event.activity, eventIndex: move.eventIndex });
    if (!element || !event) continue;
    const expected = expectedPerformers(element);
    const actual = [event.role, event.department, ...(event.groups ?? [])].filter((x): x is string => !!x);
    if (expected.length === 0 || actual.length === 0) continue;
    // A model may also name the individual (assignee) expected; the event's resource then matches.
    const candidates = event.resource ? [...actual, event.resource] : actual;
    if (!candidates.some((a) => expected.includes(a))) {
      out.push({
        kind: 'wrong-performer',
        activity: event.activity,
        elementId: element.id,
        eventIndex: move.eventIndex,
        expected,
        actual,
      });
    }
  }
  return out;
}

/** A deadline for a step: the first event of `activity` must happen by `dueAt` (epoch ms). */
export interface SlaDeadline {
  activity: string;
  elementId?: string;
  dueAt: number;
}

/**
 * SLA breaches given deadlines already computed (e.g. with the business calendar): a step done after
 * its due time, or not done at all when `now` (epoch ms) is past it.
 */
export function slaDeviations(trace: ConformanceTrace, deadlines: SlaDeadline[], now?: number): Deviation[] {
  const out: Deviation[] = [];
  for (const d of deadlines) {
    const i = trace.events.findIndex((e) => e.activity === d.activity);
    const done = i >= 0 ? trace.events[i].timestamp : undefined;
    if (done !== undefined && done > d.dueAt) {
      out.push({
        kind: 'sla-breach',
        activity: d.activity,
        elementId: d.elementId,
        eventIndex: i,
        dueAt: d.dueAt,
        doneAt: done,
      });
    } else if (i < 0 && now !== undefined && now > d.dueAt) {
      out.push({ kind: 'sla-breach', activity: d.activity, elementId: d.elementId, dueAt: d.dueAt });
    }
  }
  return out;
}

/** Per-element counts for the diagram overlay. */
export interface ElementDeviationCounts {
  skipped: number;
  inserted: number;
  outOfOrder: number;
}

/**
 * Counts deviations per model element. Inserted steps have no model position; they count on the
 * element whose activity they name (via `elementOfActivity`), else under `activity:<name>`.
 */
export function elementDeviationCounts(
  deviationsPerCase: Deviation[][],
  elementOfActivity: (activity: string) => string | undefined = () => undefined,
): Record<string, ElementDeviationCounts> {
  const counts: Record<string, ElementDeviationCounts> = {};
  const bump = (key: string, field: keyof ElementDeviationCounts): void => {
    counts[key] ??= { skipped: 0, inserted: 0, outOfOrder: 0 };
    counts[key][field] += 1;
  };
  for (const devs of deviationsPerCase) {
    for (const d of devs) {
      const key = ('elementId' in d && d.elementId) || elementOfActivity(d.activity) || `activity:${d.activity}`;
      if (d.kind === 'skipped') bump(key, 'skipped');
      else if (d.kind === 'inserted') bump(key, 'inserted');
      else if (d.kind === 'wrong-order') bump(key, 'outOfOrder');
    }
  }
  return counts;
}

/** Share (0…1) of cases with no deviation at all: the process normative rate. */
export function normativeRate(deviationsPerCase: Deviation[][]): number {
  if (deviationsPerCase.length === 0) return 0;
  return deviationsPerCase.filter((d) => d.length === 0).length / deviationsPerCase.length;
}
