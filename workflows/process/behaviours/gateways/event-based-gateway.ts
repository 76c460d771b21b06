/** Event-based gateway: races the events after it; the first to occur wins and the others are withdrawn. */
import { CancellationScope } from '@temporalio/workflow';
import { waitForEvent } from '../../triggers';
import { IncidentError, type Behaviour } from '../../types';

export const eventBasedGateway: Behaviour = {
  execute: async ({ engine, token, element, vars }) => {
    token.state = 'waiting';
    token.waitingFor = 'event-gateway';
    const scope = new CancellationScope();
    try {
      const winner = await scope.run(() =>
        Promise.race(
          element.outgoing.map(async (flowId) => {
            const target = engine.element(engine.flowTarget(flowId));
            const def = target.event;
            if (!def) throw new IncidentError('unsupported', `event-based gateway ${element.id}: ${target.id} has no event definition`);
            const output = await waitForEvent(engine, token, target, def, vars);
            return { flowId, targetId: target.id, output };
          }),
        ),
      );
      token.preTriggered = { elementId: winner.targetId, output: winner.output };
      return { kind: 'leave', flows: [winner.flowId] };
    } finally {
      scope.cancel();
    }
  },
};
