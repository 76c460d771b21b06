/**
 * Embedded subprocess (and event subprocess, started at the start event that fired): a child scope
 * instance; completes when its last token ends, rethrows its errors.
 */
import { condition } from '@temporalio/workflow';
import type { Behaviour } from '../../types';

export const embeddedSubprocess: Behaviour = {
  execute: async ({ engine, token, element }) => {
    const si = engine.openScope(element.opensScope ?? element.id, token.scopeInstanceId, token.id);
    token.state = 'waiting';
    token.waitingFor = 'subprocess';
    try {
      engine.startScope(si, element.triggeredByEvent ? token.startAt : undefined);
      await condition(() => si.live === 0 || si.thrown !== undefined);
    } finally {
      engine.closeScope(si);
    }
    if (si.thrown) throw si.thrown;
    // What completed inside stays compensable as part of this subprocess (see compensation.ts).
    if (si.compensations?.length) token.innerCompensations = si.compensations;
    return { kind: 'leave' };
  },
};
