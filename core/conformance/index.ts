/** Conformance checking of cases against the BPMN that executes them. */
export * from './types';
export * from './petri-net';
export { ConversionError } from './errors';
export { bpmnToPetriNet, TASK_TYPES, type ConversionOptions } from './from-bpmn';
export {
  replayLog,
  replayTrace,
  type TokenReplayLogResult,
  type TokenReplayOptions,
  type TokenReplayResult,
} from './token-replay';
export {
  alignLog,
  alignTrace,
  shortestModelPathCost,
  type AlignmentLogResult,
  type AlignmentMove,
  type AlignmentOptions,
  type AlignmentResult,
} from './alignment';
export * from './deviations';
export { checkCase, type CaseConformance } from './check';
export { parseIsoDuration, slaBreaches, type SlaOptions } from './sla';
