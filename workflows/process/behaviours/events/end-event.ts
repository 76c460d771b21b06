/** End events: none, terminate, error, escalation, compensation, signal (broadcast in the case), message (recorded only). */
import { compensate } from '../../compensation';
import { COMPENSATION_PATCH } from '../../patches';
import { BpmnThrow, type Behaviour, type Outcome } from '../../types';

export const endEvent: Behaviour = {
  execute: async ({ engine, token, element }): Promise<Outcome> => {
    const def = element.event;
    switch (def?.kind) {
      case 'terminate':
        return { kind: 'terminate' };
      case 'error':
        return { kind: 'throw', error: new BpmnThrow('error', def.errorCode, element.id) };
      case 'escalation':
        return { kind: 'throw', error: new BpmnThrow('escalation', def.escalationCode, element.id) };
      case 'signal':
        engine.broadcastSignal(def.signalName);
        return { kind: 'end' };
      case 'compensate': {
        const si = engine.scopes.get(token.scopeInstanceId);
        if (si && engine.usesPatch(COMPENSATION_PATCH)) await compensate(engine, si, def.activityRef);
        return { kind: 'end' };
      }
      default:
        return { kind: 'end' };
    }
  },
};
