/** Start events: the token is already there; it leaves by the outgoing flows. */
import type { Behaviour } from '../../types';

export const startEvent: Behaviour = {
  execute: () => Promise.resolve({ kind: 'leave' }),
};
