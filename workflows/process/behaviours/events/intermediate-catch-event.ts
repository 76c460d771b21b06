/** Intermediate catch events: wait for a timer, message, signal or condition; link catches pass through. */
import { waitForEvent, waitLabel } from '../../triggers';
import type { Behaviour } from '../../types';

export const intermediateCatchEvent: Behaviour = {
  execute: async ({ engine, token, element, vars }) => {
    const def = element.event;
    if (token.preTriggered?.elementId === element.id) {
      const output = token.preTriggered.output;
      token.preTriggered = undefined;
      return { kind: 'leave', output };
    }
    if (!def || def.kind === 'none' || def.kind === 'link') return { kind: 'leave' };
    token.state = 'waiting';
    token.waitingFor = waitLabel(def);
    const output = await waitForEvent(engine, token, element, def, vars);
    return { kind: 'leave', output };
  },
};
