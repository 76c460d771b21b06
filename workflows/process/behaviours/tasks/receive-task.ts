/** Receive tasks: wait for the message named in the element's event definition (correlated by key). */
import { waitForEvent } from '../../triggers';
import { IncidentError, type Behaviour } from '../../types';

export const receiveTask: Behaviour = {
  execute: async ({ engine, token, element, vars }) => {
    if (token.preTriggered?.elementId === element.id) {
      const output = token.preTriggered.output;
      token.preTriggered = undefined;
      return { kind: 'leave', output };
    }
    const def = element.event;
    if (def?.kind !== 'message') throw new IncidentError('unsupported', `receive task ${element.id} names no message`);
    token.state = 'waiting';
    token.waitingFor = 'message';
    return { kind: 'leave', output: await waitForEvent(engine, token, element, def, vars) };
  },
};
