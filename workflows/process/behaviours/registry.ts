/** Behaviours by BPMN type. Callers may add or replace entries (e.g. a custom task type). */
import type { BpmnType } from '../../../core/bpmn/graph';
import type { Behaviour } from '../types';
import { boundaryEvent } from './events/boundary-event';
import { endEvent } from './events/end-event';
import { intermediateCatchEvent } from './events/intermediate-catch-event';
import { intermediateThrowEvent } from './events/intermediate-throw-event';
import { startEvent } from './events/start-event';
import { eventBasedGateway } from './gateways/event-based-gateway';
import { exclusiveGateway } from './gateways/exclusive-gateway';
import { inclusiveGateway } from './gateways/inclusive-gateway';
import { parallelGateway } from './gateways/parallel-gateway';
import { callActivity } from './subprocesses/call-activity';
import { embeddedSubprocess } from './subprocesses/embedded-subprocess';
import { passThroughTask } from './tasks/pass-through-task';
import { receiveTask } from './tasks/receive-task';
import { scriptTask } from './tasks/script-task';
import { serviceTask } from './tasks/service-task';
import { userTask } from './tasks/user-task';

export const behaviours: Partial<Record<BpmnType, Behaviour>> = {
  'bpmn:StartEvent': startEvent,
  'bpmn:EndEvent': endEvent,
  'bpmn:IntermediateCatchEvent': intermediateCatchEvent,
  'bpmn:IntermediateThrowEvent': intermediateThrowEvent,
  'bpmn:BoundaryEvent': boundaryEvent,
  'bpmn:Task': passThroughTask,
  'bpmn:ManualTask': passThroughTask,
  'bpmn:ServiceTask': serviceTask,
  'bpmn:SendTask': serviceTask,
  'bpmn:BusinessRuleTask': serviceTask,
  'bpmn:UserTask': userTask,
  'bpmn:ReceiveTask': receiveTask,
  'bpmn:ScriptTask': scriptTask,
  'bpmn:ExclusiveGateway': exclusiveGateway,
  'bpmn:ParallelGateway': parallelGateway,
  'bpmn:InclusiveGateway': inclusiveGateway,
  'bpmn:EventBasedGateway': eventBasedGateway,
  'bpmn:SubProcess': embeddedSubprocess,
  'bpmn:Transaction': embeddedSubprocess,
  'bpmn:CallActivity': callActivity,
};
