/** End events: none, terminate, error, escalation, signal (broadcast in the case), message (recorded only). */
import { BpmnThrow, type Behaviour } from '../../types';

export const endEvent: Behaviour = {
  execute: ({ engine, element }) => {
    const def = element.event;
    switch (def?.kind) {
      case 'terminate':
        return Promise.resolve({ kind: 'terminate' });
      case 'error':
        return Promise.resolve({ kind: 'throw', error: new BpmnThrow('error', def.errorCode, element.id) });
      case 'escalation':
        return Promise.resolve({ kind: 'throw', error: new BpmnThrow('escalation', def.escalationCode, element.id) });
      case 'signal':
        engine.broadcastSignal(def.signalName);
        return Promise.resolve({ kind: 'end' });
      default:
        return Promise.resolve({ kind: 'end' });
    }
  },
};
