/** Intermediate throw events: none, signal (broadcast in the case), link (jump), escalation, compensation, message (recorded only). */
import { compensate } from '../../compensation';
import { COMPENSATION_PATCH } from '../../patches';
import { BpmnThrow, IncidentError, type Behaviour, type Outcome } from '../../types';

export const intermediateThrowEvent: Behaviour = {
  execute: async ({ engine, token, element }): Promise<Outcome> => {
    const def = element.event;
    switch (def?.kind) {
      case 'link': {
        const target = engine.graph.links[`${element.scope}:${def.linkName}`];
        if (!target) throw new IncidentError('unsupported', `link '${def.linkName}' thrown at ${element.id} has no catch event in its scope`);
        return { kind: 'jump', elementId: target };
      }
      case 'signal':
        engine.broadcastSignal(def.signalName);
        return { kind: 'leave' };
      case 'escalation':
        engine.escalate(token, new BpmnThrow('escalation', def.escalationCode, element.id));
        return { kind: 'leave' };
      case 'compensate': {
        const si = engine.scopes.get(token.scopeInstanceId);
        if (si && engine.usesPatch(COMPENSATION_PATCH)) await compensate(engine, si, def.activityRef);
        return { kind: 'leave' };
      }
      default:
        return { kind: 'leave' };
    }
  },
};
