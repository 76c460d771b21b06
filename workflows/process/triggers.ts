/** Waiting for the things catch events wait for: timers, messages, signals, conditions. */
import { condition, sleep } from '@temporalio/workflow';
import type { ElementDef, EventDefinition } from '../../core/bpmn/graph';
import { eventTimerDelays } from './business-timers';
import type { Engine } from './engine';
import { IncidentError, type Token } from './types';

/** Resolves with the event's payload variables when the event occurs. */
export async function waitForEvent(
  engine: Engine,
  t: Token | undefined,
  el: ElementDef,
  def: EventDefinition,
  vars: Record<string, unknown>,
): Promise<Record<string, unknown> | undefined> {
  switch (def.kind) {
    case 'timer': {
      const delay = eventTimerDelays(engine, def, vars, Date.now(), 1)[0] ?? 0;
      if (t) t.dueAt = new Date(Date.now() + delay).toISOString();
      await sleep(delay);
      return undefined;
    }
    case 'message': {
      const key = engine.correlationKeyOf(def, vars);
      let got: { variables?: Record<string, unknown> } | undefined;
      await condition(() => (got = engine.takeMessage(def.messageName, key)) !== undefined);
      return got?.variables;
    }
    case 'signal': {
      let from = engine.signals.length;
      let payload: Record<string, unknown> | undefined;
      await condition(() => {
        for (; from < engine.signals.length; from++) {
          const s = engine.signals[from];
          if (s?.name === def.signalName) {
            payload = s.variables;
            return true;
          }
        }
        return false;
      });
      return payload;
    }
    case 'conditional':
      await condition(() => engine.condition(def.condition));
      return undefined;
    default:
      throw new IncidentError('unsupported', `${el.id}: cannot wait for a ${def.kind} event here`);
  }
}

/** The label a waiting token shows for an event definition. */
export function waitLabel(def: EventDefinition): string {
  return def.kind === 'timer' || def.kind === 'message' || def.kind === 'signal' ? def.kind : 'event';
}
