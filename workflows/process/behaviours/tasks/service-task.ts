/**
 * Service, send and business-rule tasks: the handler named by `tp:type` runs as an activity with
 * the task's retry policy. Exhausted retries surface as an incident in the lifecycle.
 */
import { IncidentError, type Behaviour } from '../../types';
import { applyMappings } from './mappings';

export const serviceTask: Behaviour = {
  execute: async ({ engine, element, vars }) => {
    const spec = element.task;
    if (!spec?.type) throw new IncidentError('unsupported', `${element.type} ${element.id} has no task type (tp:type)`);
    const input = spec.inputs.length > 0 ? applyMappings(engine, spec.inputs, vars) : { ...vars };
    const result = await engine.serviceActivities(element).executeServiceTask({
      type: spec.type,
      caseId: engine.input.caseId,
      elementId: element.id,
      variables: input,
      headers: spec.headers ?? {},
    });
    const output = spec.outputs.length > 0 ? applyMappings(engine, spec.outputs, { ...vars, ...result }) : result;
    return { kind: 'leave', output };
  },
};
