/** Abstract and manual tasks: nothing to execute; the token passes on. */
import type { Behaviour } from '../../types';

export const passThroughTask: Behaviour = {
  execute: () => Promise.resolve({ kind: 'leave' }),
};
