/**
 * Compensation: completed activities with a compensation boundary event are remembered per scope instance
 * (most recent first, as a saga collects its compensations with unshift); a compensation throw (intermediate
 * or end event) runs the handlers of all of them, or of the one its activityRef names, in reverse completion
 * order, each to its end before the next (waitForCompletion is always honoured). A completed subprocess
 * without a handler of its own is compensated by compensating what completed inside it. Every compensated
 * activity gets a `compensate` trace event; its handler's own start/complete follow.
 */
import type { ElementDef } from '../../core/bpmn/graph';
import type { Engine } from './engine';
import type { CompensationEntry, ScopeInstance, Token } from './types';

/** The handler of `el`'s compensation boundary event, if it has one. */
export function compensationHandlerOf(engine: Engine, el: ElementDef): string | undefined {
  for (const id of el.boundaryEvents ?? []) {
    const be = engine.graph.elements[id];
    if (be?.event?.kind === 'compensate' && be.compensationHandler) return be.compensationHandler;
  }
  return undefined;
}

/** Records that `el` completed in `t`'s scope instance, when there is anything to compensate later. */
export function recordCompletion(engine: Engine, t: Token, el: ElementDef): void {
  const inner = t.innerCompensations;
  t.innerCompensations = undefined;
  if (el.isForCompensation) return;
  const handlerId = compensationHandlerOf(engine, el);
  if (!handlerId && !inner?.length) return;
  const si = engine.scopes.get(t.scopeInstanceId);
  if (!si) return;
  const entry: CompensationEntry = { elementId: el.id };
  if (handlerId) entry.handlerId = handlerId;
  if (inner?.length) entry.inner = inner;
  (si.compensations ??= []).unshift(entry);
}

/** Compensates in `si`: everything, or the entries of `activityRef`. Entries are compensated once. */
export async function compensate(engine: Engine, si: ScopeInstance, activityRef?: string): Promise<void> {
  const all = si.compensations ?? [];
  const chosen = activityRef ? all.filter((e) => e.elementId === activityRef) : [...all];
  si.compensations = all.filter((e) => !chosen.includes(e));
  for (const entry of chosen) await compensateEntry(engine, si, entry);
}

async function compensateEntry(engine: Engine, si: ScopeInstance, entry: CompensationEntry): Promise<void> {
  const el = engine.element(entry.elementId);
  engine.trace(undefined, el, 'compensate');
  if (entry.handlerId) {
    await engine.runHandler(entry.handlerId, si);
    return;
  }
  for (const inner of entry.inner ?? []) await compensateEntry(engine, si, inner);
}
