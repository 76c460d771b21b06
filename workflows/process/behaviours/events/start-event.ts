/**
 * Start events: the token is already there; it leaves by the outgoing flows. A case started at a message
 * start event by signal-with-start finds its start message buffered: it is consumed here (so no later
 * receive task takes it again), its variables enter the case, and its correlation key fills the variable the
 * subscription names when that is a plain variable name.
 */
import type { Behaviour } from '../../types';

const PLAIN_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const startEvent: Behaviour = {
  execute: ({ engine, element }) => {
    const def = element.event;
    if (def?.kind !== 'message' || element.scope !== engine.graph.rootScope) return Promise.resolve({ kind: 'leave' });
    const got = engine.takeStartMessage(def.messageName);
    if (!got) return Promise.resolve({ kind: 'leave' });
    const output: Record<string, unknown> = { ...(got.variables ?? {}) };
    const keyVar = def.correlationKey?.trim();
    if (got.correlationKey !== undefined && keyVar && PLAIN_NAME.test(keyVar) && engine.vars[keyVar] === undefined && output[keyVar] === undefined) {
      output[keyVar] = got.correlationKey;
    }
    return Promise.resolve({ kind: 'leave', output });
  },
};
