/** Call activity: runs the called process as a child workflow (runProcess) with variable mappings. */
import { executeChild } from '@temporalio/workflow';
import type { ProcessInput } from '../../messages';
import type { ProcessResult } from '../../result';
import { BpmnThrow, IncidentError, type Behaviour } from '../../types';
import { applyMappings } from '../tasks/mappings';

export const callActivity: Behaviour = {
  execute: async ({ engine, token, element, vars, instance }) => {
    const called = element.calledElement;
    const graph = called ? engine.input.calledGraphs?.[called] : undefined;
    if (!called || !graph) throw new IncidentError('unsupported', `call activity ${element.id}: process '${called ?? ''}' is not deployed with this case`);
    const spec = element.task ?? { inputs: [], outputs: [] };
    const caseId = `${engine.input.caseId}/${element.id}/${token.id}${instance ? `-${instance}` : ''}`;
    const input: ProcessInput = {
      caseId,
      definitionId: engine.input.definitionId,
      version: engine.input.version,
      graph,
      calledGraphs: engine.input.calledGraphs,
      variables: spec.inputs.length > 0 ? applyMappings(engine, spec.inputs, vars) : { ...vars },
      touchpoint: engine.input.touchpoint,
      customerId: engine.input.customerId,
      actor: engine.input.actor,
    };
    token.state = 'waiting';
    token.waitingFor = 'child';
    const result = await executeChild<(i: ProcessInput) => Promise<ProcessResult>>('runProcess', { workflowId: caseId, args: [input] });
    if (result.outcome) throw new BpmnThrow(result.outcome.kind, result.outcome.code, element.id);
    const output = spec.outputs.length > 0 ? applyMappings(engine, spec.outputs, { ...vars, ...result.variables }) : result.variables;
    return { kind: 'leave', output };
  },
};
