/** Parallel gateway: joins one token from every incoming flow, then takes every outgoing flow. */
import type { Behaviour } from '../../types';
import { awaitJoin } from './join';

export const parallelGateway: Behaviour = {
  execute: async (ctx) => {
    const { element, token } = ctx;
    if (element.incoming.length > 1) {
      const firstPerFlow = (arrived: typeof token[]): typeof token[] =>
        element.incoming.map((f) => (token.viaFlow === f ? token : arrived.find((a) => a.viaFlow === f))).filter((a): a is typeof token => !!a);
      const go = await awaitJoin(ctx, (arrived) => element.incoming.every((f) => arrived.some((a) => a.viaFlow === f)), firstPerFlow);
      if (!go) return { kind: 'consumed' };
    }
    return { kind: 'leave', flows: [...element.outgoing] };
  },
};
