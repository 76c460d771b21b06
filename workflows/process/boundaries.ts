/**
 * Boundary events that fire on their own (timer, message, signal, conditional) run as listeners
 * beside the activity: an interrupting one cancels the activity's execution scope and moves the
 * token to the boundary event; a non-interrupting one starts a new token there.
 */
import { CancellationScope, isCancellation, sleep } from '@temporalio/workflow';
import type { ElementDef } from '../../core/bpmn/graph';
import { eventTimerDelays } from './business-timers';
import type { Engine } from './engine';
import { waitForEvent } from './triggers';
import type { ScopeInstance, Token } from './types';

const LISTENED = new Set(['timer', 'message', 'signal', 'conditional']);

/** Starts the listeners of `el`'s boundary events; returns their scope (to cancel when the activity ends). */
export function startBoundaryListeners(engine: Engine, t: Token, el: ElementDef): CancellationScope | undefined {
  const ids = (el.boundaryEvents ?? []).filter((id) => {
    const k = engine.graph.elements[id]?.event?.kind;
    return k !== undefined && LISTENED.has(k);
  });
  if (ids.length === 0) return undefined;
  const scope = new CancellationScope();
  const si = engine.scopes.get(t.scopeInstanceId);
  for (const id of ids) {
    const be = engine.element(id);
    const def = be.event;
    if (!def) continue;
    const interrupting = be.cancelActivity !== false;
    void scope
      .run(async () => {
        if (interrupting) {
          const output = await waitForEvent(engine, undefined, be, def, engine.vars);
          t.control ??= { kind: 'boundary', elementId: be.id, output };
          t.exec?.cancel();
          return;
        }
        if (def.kind === 'timer') {
          // Non-interrupting timers may repeat (cycles): fire at each delay.
          const delays = eventTimerDelays(engine, def, engine.vars, Date.now());
          let elapsed = 0;
          for (const d of delays) {
            await sleep(Math.max(0, d - elapsed));
            elapsed = d;
            if (si) engine.spawn(be.id, si);
          }
          return;
        }
        for (;;) {
          const output = await waitForEvent(engine, undefined, be, def, engine.vars);
          if (output) engine.mergeVars(output);
          if (si) engine.spawn(be.id, si);
        }
      })
      .catch((err: unknown) => {
        if (!isCancellation(err)) engine.fatal ??= err;
      });
  }
  return scope;
}

/**
 * Event subprocesses with message, signal, timer or conditional start events listen while their
 * scope instance lives; error and escalation starts are handled where the error is thrown.
 */
export function startEventSubprocessListeners(engine: Engine, si: ScopeInstance): void {
  for (const sub of engine.graph.scopes[si.scopeId]?.eventSubProcesses ?? []) {
    for (const startId of engine.graph.scopes[sub]?.triggeredStartEvents ?? []) {
      const start = engine.element(startId);
      const def = start.event;
      if (!def || !LISTENED.has(def.kind)) continue;
      const interrupting = start.isInterrupting !== false;
      void si.outer
        .run(async () => {
          do {
            const output = await waitForEvent(engine, undefined, start, def, engine.vars);
            engine.startEventSubprocess(si, sub, startId, interrupting, output);
          } while (!interrupting && !si.interrupted && def.kind !== 'timer');
        })
        .catch((err: unknown) => {
          if (!isCancellation(err)) engine.fatal ??= err;
        });
    }
  }
}
