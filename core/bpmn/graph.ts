/**
 * The executable graph: what the compiler produces from BPMN 2.0 XML and what the interpreter
 * workflow receives as input. Plain JSON (no classes, no functions) so that it travels inside a
 * Temporal history and replays byte for byte. Every field is optional-safe for older graphs:
 * bump {@link GRAPH_SCHEMA_VERSION} when a change is not backwards compatible.
 */
export const GRAPH_SCHEMA_VERSION = 1 as const;

/** Task types (work done by someone or something), spelled as bpmn-moddle spells them. */
export const TASK_TYPES = [
  'bpmn:Task',
  'bpmn:ServiceTask',
  'bpmn:UserTask',
  'bpmn:SendTask',
  'bpmn:ReceiveTask',
  'bpmn:ManualTask',
  'bpmn:BusinessRuleTask',
  'bpmn:ScriptTask',
] as const;

/** Subprocess types: a scope of their own inside the process. */
export const SUBPROCESS_TYPES = ['bpmn:SubProcess', 'bpmn:Transaction', 'bpmn:AdHocSubProcess'] as const;

/** BPMN element types the graph can hold: the compiler's node list and the interpreter's vocabulary. */
export const BPMN_TYPES = [
  'bpmn:StartEvent',
  'bpmn:EndEvent',
  'bpmn:IntermediateCatchEvent',
  'bpmn:IntermediateThrowEvent',
  'bpmn:BoundaryEvent',
  ...TASK_TYPES,
  'bpmn:ExclusiveGateway',
  'bpmn:ParallelGateway',
  'bpmn:InclusiveGateway',
  'bpmn:EventBasedGateway',
  'bpmn:ComplexGateway',
  ...SUBPROCESS_TYPES,
  'bpmn:CallActivity',
] as const;

export type BpmnType = (typeof BPMN_TYPES)[number];

/** A FEEL expression as written in the model, without the leading `=` some modelers add. */
export type FeelExpression = string;

export type TimerDefinition =
  | { kind: 'duration'; expression: FeelExpression } // ISO 8601 duration, e.g. "PT5M" or a FEEL expression yielding one
  | { kind: 'date'; expression: FeelExpression } // ISO 8601 date-time
  | { kind: 'cycle'; expression: FeelExpression }; // ISO 8601 repeating interval, e.g. "R3/PT10M"

export type EventDefinition =
  | { kind: 'none' }
  | { kind: 'timer'; timer: TimerDefinition; calendar?: string }
  | { kind: 'message'; messageRef?: string; messageName: string; correlationKey?: FeelExpression }
  | { kind: 'signal'; signalRef?: string; signalName: string }
  | { kind: 'error'; errorRef?: string; errorCode?: string; errorName?: string }
  | { kind: 'escalation'; escalationRef?: string; escalationCode?: string; escalationName?: string }
  | { kind: 'terminate' }
  | { kind: 'link'; linkName: string }
  | { kind: 'compensate'; activityRef?: string; waitForCompletion: boolean }
  | { kind: 'conditional'; condition: FeelExpression }
  | { kind: 'cancel' };

/** An input or output mapping: `target` receives the value of FEEL `source`. */
export interface Mapping {
  source: FeelExpression;
  target: string;
}

/** Per-task retry policy for service tasks; maps onto a Temporal activity retry policy. */
export interface RetrySpec {
  maximumAttempts: number;
  initialInterval: string; // ISO 8601 duration or Temporal duration string ("1s")
  backoffCoefficient: number;
  maximumInterval?: string;
}

/** Attributes read from our `tp:` extension (or mapped from Camunda 7 / Zeebe equivalents). */
export interface TaskSpec {
  /** Service, send and business-rule tasks: the handler name in the activity registry. */
  type?: string;
  inputs: Mapping[];
  outputs: Mapping[];
  retry?: RetrySpec;
  /** User tasks: a literal user id, or `=` and a FEEL expression evaluated when the task is created. */
  assignee?: string;
  candidateGroups?: string[];
  department?: string;
  skills?: string[];
  formKey?: string;
  /** A form-js schema (JSON) embedded in the model. */
  form?: unknown;
  /** Due and SLA durations (ISO 8601), measured on {@link calendar} when given. */
  dueDuration?: string;
  slaDuration?: string;
  calendar?: string;
  /** Static headers passed to the handler (zeebe:taskHeaders or tp:header). */
  headers?: Record<string, string>;
}

export interface MultiInstanceSpec {
  sequential: boolean;
  cardinality?: FeelExpression;
  collection?: FeelExpression;
  elementVariable?: string;
  outputCollection?: string;
  outputElement?: FeelExpression;
  completionCondition?: FeelExpression;
}

export interface StandardLoopSpec {
  condition?: FeelExpression;
  maximum?: number;
  testBefore: boolean;
}

export interface ElementDef {
  id: string;
  type: BpmnType;
  name?: string;
  /** Id of the scope (process, subprocess, event subprocess) that directly contains this element. */
  scope: string;
  incoming: string[];
  outgoing: string[];
  /** Gateways and activities: the default flow id. */
  defaultFlow?: string;
  /** Events: the (single) event definition; `none` when the event has no definition. */
  event?: EventDefinition;
  /** Events with several definitions (multiple / parallel multiple). */
  events?: EventDefinition[];
  parallelMultiple?: boolean;
  /** Boundary events. */
  attachedTo?: string;
  cancelActivity?: boolean;
  /** Activities: ids of attached boundary events. */
  boundaryEvents?: string[];
  /** Start events of event subprocesses: interrupting or not. */
  isInterrupting?: boolean;
  /** Activities marked as compensation handlers, and for compensation boundary events the handler id. */
  isForCompensation?: boolean;
  compensationHandler?: string;
  task?: TaskSpec;
  multiInstance?: MultiInstanceSpec;
  loop?: StandardLoopSpec;
  /** Call activities: the process id to call, and variable mappings in and out. */
  calledElement?: string;
  /** Subprocesses (embedded, event, transaction): the scope id they open (equal to the element id). */
  opensScope?: string;
  /** Event subprocess flag (`triggeredByEvent`). */
  triggeredByEvent?: boolean;
  /** Output/input documentation for conformance: the role or department expected to do the step. */
  performer?: string;
}

export interface FlowDef {
  id: string;
  name?: string;
  source: string;
  target: string;
  condition?: FeelExpression;
}

export interface ScopeDef {
  id: string;
  kind: 'process' | 'subProcess' | 'eventSubProcess' | 'transaction' | 'adHocSubProcess';
  parent?: string;
  /** Elements directly in this scope (not nested deeper). */
  children: string[];
  /** Start events of this scope that have no event definition (where a token starts). */
  noneStartEvents: string[];
  /** Start events with a definition (message, signal, timer) — process-level triggers. */
  triggeredStartEvents: string[];
  /** Event subprocesses directly contained in this scope. */
  eventSubProcesses: string[];
}

export interface CompiledProcess {
  schemaVersion: typeof GRAPH_SCHEMA_VERSION;
  /** The BPMN process id (e.g. "Process_complaint"). */
  processId: string;
  name?: string;
  /** SHA-256 (hex) of the BPMN XML this graph was compiled from. */
  xmlHash: string;
  /** Whether the process is marked executable in the XML. */
  isExecutable: boolean;
  rootScope: string;
  elements: Record<string, ElementDef>;
  flows: Record<string, FlowDef>;
  scopes: Record<string, ScopeDef>;
  /** Link throw names to the catch event id within the same scope: `${scopeId}:${linkName}` -> element id. */
  links: Record<string, string>;
}

/** One problem found while compiling or validating, always naming the element at fault. */
export interface ModelProblem {
  severity: 'error' | 'warning';
  /** Rule id: a bpmnlint rule name or one of ours, prefixed `tp/`. */
  rule: string;
  elementId?: string;
  elementName?: string;
  elementType?: string;
  message: string;
}

/** The result of compiling a BPMN document: all executable processes it defines. */
export interface CompileResult {
  ok: boolean;
  xmlHash: string;
  /** Executable processes, by process id. The first one is `main`. */
  processes: CompiledProcess[];
  main?: CompiledProcess;
  problems: ModelProblem[];
}
