/** Boundary events: the activity's lifecycle already decided that this event fired; the token leaves by its flows. */
import type { Behaviour } from '../../types';

export const boundaryEvent: Behaviour = {
  execute: () => Promise.resolve({ kind: 'leave' }),
};
