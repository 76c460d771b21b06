/** Exclusive gateway: the first flow whose condition holds, else the default; none → incident. */
import { IncidentError, type Behaviour } from '../../types';

export const exclusiveGateway: Behaviour = {
  execute: ({ engine, element, vars }) => {
    for (const id of element.outgoing) {
      if (id === element.defaultFlow) continue;
      const cond = engine.graph.flows[id]?.condition;
      if (!cond || engine.condition(cond, vars)) return Promise.resolve({ kind: 'leave', flows: [id] });
    }
    if (element.defaultFlow) return Promise.resolve({ kind: 'leave', flows: [element.defaultFlow] });
    if (element.outgoing.length === 0) return Promise.resolve({ kind: 'end' });
    throw new IncidentError('no-flow-taken', `exclusive gateway ${element.id}: no condition holds and there is no default flow`);
  },
};
