/**
 * Embedded subprocess (and event subprocess, started at the start event that fired): a child scope
 * instance; completes when its last token ends, rethrows its errors. With tp input/output mappings it has
 * variables of its own: inputs declare and initialise them, variables written inside go to the innermost
 * scope that declares them (else to the case), outputs are evaluated at the end and written outside.
 */
import { condition } from '@temporalio/workflow';
import { SUBPROCESS_LOCALS_PATCH } from '../../patches';
import type { Behaviour } from '../../types';
import { applyMappings } from '../tasks/mappings';

export const embeddedSubprocess: Behaviour = {
  execute: async ({ engine, token, element, vars }) => {
    const spec = element.task;
    const scoped = !element.triggeredByEvent && !!spec && (spec.inputs.length > 0 || spec.outputs.length > 0) && engine.usesPatch(SUBPROCESS_LOCALS_PATCH);
    // Inputs are evaluated before the scope opens, so a failing one raises the incident on the subprocess.
    const locals = scoped && spec ? applyMappings(engine, spec.inputs, vars) : undefined;
    const si = engine.openScope(element.opensScope ?? element.id, token.scopeInstanceId, token.id);
    if (locals) si.locals = locals;
    token.state = 'waiting';
    token.waitingFor = 'subprocess';
    let output: Record<string, unknown> | undefined;
    try {
      engine.startScope(si, element.triggeredByEvent ? token.startAt : undefined);
      await condition(() => si.live === 0 || si.thrown !== undefined);
      // Outputs see the subprocess's locals; the locals themselves end with it.
      if (scoped && spec && !si.thrown && spec.outputs.length > 0) output = applyMappings(engine, spec.outputs, engine.scopeVars(si.id));
    } finally {
      engine.closeScope(si);
    }
    if (si.thrown) throw si.thrown;
    // What completed inside stays compensable as part of this subprocess (see compensation.ts).
    if (si.compensations?.length) token.innerCompensations = si.compensations;
    return { kind: 'leave', output };
  },
};
