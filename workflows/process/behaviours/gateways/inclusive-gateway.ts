/**
 * Inclusive gateway. Join: waits until no other live token of the same scope instance can still
 * reach the gateway (reachability over the graph), then merges all arrived tokens. Split: every
 * flow whose condition holds, else the default; none → incident.
 */
import { IncidentError, type Behaviour } from '../../types';
import { awaitJoin } from './join';

export const inclusiveGateway: Behaviour = {
  execute: async (ctx) => {
    const { engine, element, token, vars } = ctx;
    if (element.incoming.length > 1) {
      const ready = (arrived: typeof token[]): boolean => {
        for (const other of engine.tokens.values()) {
          if (other.scopeInstanceId !== token.scopeInstanceId || arrived.includes(other) || other.consumed) continue;
          if (other.elementId === element.id || engine.reachable(other.elementId).has(element.id)) return false;
        }
        return true;
      };
      const go = await awaitJoin(ctx, ready, (arrived) => [...arrived]);
      if (!go) return { kind: 'consumed' };
    }
    const taken = element.outgoing.filter((id) => {
      if (id === element.defaultFlow) return false;
      const cond = engine.graph.flows[id]?.condition;
      return !cond || engine.condition(cond, vars);
    });
    if (taken.length > 0) return { kind: 'leave', flows: taken };
    if (element.defaultFlow) return { kind: 'leave', flows: [element.defaultFlow] };
    if (element.outgoing.length === 0) return { kind: 'end' };
    throw new IncidentError('no-flow-taken', `inclusive gateway ${element.id}: no condition holds and there is no default flow`);
  },
};
