/** Intermediate throw events: none, signal (broadcast in the case), link (jump), escalation, message (recorded only). */
import { BpmnThrow, IncidentError, type Behaviour } from '../../types';

export const intermediateThrowEvent: Behaviour = {
  execute: ({ engine, token, element }) => {
    const def = element.event;
    switch (def?.kind) {
      case 'link': {
        const target = engine.graph.links[`${element.scope}:${def.linkName}`];
        if (!target) throw new IncidentError('unsupported', `link '${def.linkName}' thrown at ${element.id} has no catch event in its scope`);
        return Promise.resolve({ kind: 'jump', elementId: target });
      }
      case 'signal':
        engine.broadcastSignal(def.signalName);
        return Promise.resolve({ kind: 'leave' });
      case 'escalation':
        engine.escalate(token, new BpmnThrow('escalation', def.escalationCode, element.id));
        return Promise.resolve({ kind: 'leave' });
      default:
        return Promise.resolve({ kind: 'leave' });
    }
  },
};
