import {
  BPMN_TYPES,
  GRAPH_SCHEMA_VERSION,
  type BpmnType,
  type CompiledProcess,
  type ElementDef,
  type EventDefinition,
  type FlowDef,
  type ModelProblem,
  type ScopeDef,
} from './graph';
import type { MElement } from './moddle';
import { bool, body, child, feel, items, literalName, prune, str } from './moddle-access';
import { readEventDefinition, readMessage } from './event-definitions';
import {
  readMultiInstance,
  readStandardLoop,
  readTaskSpec,
  reportForeignExtensions,
  type ExtensionContext,
} from './extensions';

const NODE_TYPES: ReadonlySet<string> = new Set<string>(BPMN_TYPES);
const EVENT_TYPES = new Set([
  'bpmn:StartEvent',
  'bpmn:EndEvent',
  'bpmn:IntermediateCatchEvent',
  'bpmn:IntermediateThrowEvent',
  'bpmn:BoundaryEvent',
]);
const SCOPE_KINDS: Record<string, ScopeDef['kind']> = {
  'bpmn:SubProcess': 'subProcess',
  'bpmn:Transaction': 'transaction',
  'bpmn:AdHocSubProcess': 'adHocSubProcess',
};

/** A compiled process plus the moddle element of every graph element, for the validation rules. */
export interface BuiltProcess {
  graph: CompiledProcess;
  sources: Map<string, MElement>;
  /** Flows whose condition is declared in a language other than FEEL (e.g. XPath), with that language. */
  foreignConditions: Map<string, string>;
}

function isActivity(type: string): boolean {
  return (
    type.endsWith('Task') ||
    type === 'bpmn:SubProcess' ||
    type === 'bpmn:Transaction' ||
    type === 'bpmn:AdHocSubProcess' ||
    type === 'bpmn:CallActivity'
  );
}

function problemFor(el: MElement, severity: ModelProblem['severity'], rule: string, message: string): ModelProblem {
  return prune({ severity, rule, elementId: el.id, elementName: el.name, elementType: el.$type, message });
}

/** Builds the executable graph of one bpmn:Process; problems found on the way go to `ctx.problems`. */
export function buildProcess(
  process: MElement,
  xmlHash: string,
  ctx: ExtensionContext,
  defaultLanguage?: string,
): BuiltProcess {
  const foreignConditions = new Map<string, string>();
  const processId = process.id ?? 'Process';
  const elements: Record<string, ElementDef> = {};
  const flows: Record<string, FlowDef> = {};
  const scopes: Record<string, ScopeDef> = {};
  const links: Record<string, string> = {};
  const sources = new Map<string, MElement>();
  const associations: MElement[] = [];
  const performers = new Map<string, string>();

  for (const laneSet of items(process, 'laneSets')) collectLanes(laneSet, performers);

  const walk = (container: MElement, scope: ScopeDef): void => {
    associations.push(...items(container, 'artifacts').filter((a) => a.$type === 'bpmn:Association'));
    for (const el of items(container, 'flowElements')) {
      const id = el.id;
      if (!id) continue;
      if (el.$type === 'bpmn:SequenceFlow') {
        const source = child(el, 'sourceRef')?.id;
        const target = child(el, 'targetRef')?.id;
        if (!source || !target) {
          ctx.problems.push(
            problemFor(el, 'error', 'tp/broken-flow', `The sequence flow ${id} lacks a source or a target.`),
          );
          continue;
        }
        const condition = feel(body(el, 'conditionExpression'));
        const language = str(child(el, 'conditionExpression'), 'language') ?? defaultLanguage;
        if (condition && language && !/feel/i.test(language)) foreignConditions.set(id, language);
        flows[id] = prune({ id, name: el.name, source, target, condition: condition || undefined });
        sources.set(id, el);
        continue;
      }
      if (!NODE_TYPES.has(el.$type)) {
        if (isFlowNode(el)) {
          ctx.problems.push(
            problemFor(
              el,
              'error',
              'tp/unsupported-element',
              `${el.$type.replace('bpmn:', '')} ${id} is not a BPMN element the engine can execute.`,
            ),
          );
        }
        continue;
      }
      sources.set(id, el);
      reportForeignExtensions(el, ctx);
      const def = buildElement(el, scope.id, ctx, performers);
      elements[id] = def;
      scope.children.push(id);
      if (el.$type === 'bpmn:StartEvent') {
        (def.event?.kind === 'none' ? scope.noneStartEvents : scope.triggeredStartEvents).push(id);
      }
      if (def.event?.kind === 'link' && el.$type === 'bpmn:IntermediateCatchEvent') {
        links[`${scope.id}:${def.event.linkName}`] = id;
      }
      const kind = SCOPE_KINDS[el.$type];
      if (kind) {
        const triggered = bool(el, 'triggeredByEvent', false);
        const inner: ScopeDef = {
          id,
          kind: triggered ? 'eventSubProcess' : kind,
          parent: scope.id,
          children: [],
          noneStartEvents: [],
          triggeredStartEvents: [],
          eventSubProcesses: [],
        };
        scopes[id] = inner;
        def.opensScope = id;
        if (triggered) {
          def.triggeredByEvent = true;
          scope.eventSubProcesses.push(id);
        }
        walk(el, inner);
        if (triggered) {
          for (const startId of [...inner.noneStartEvents, ...inner.triggeredStartEvents]) {
            const start = elements[startId];
            if (start) start.isInterrupting = bool(sources.get(startId), 'isInterrupting', true);
          }
        }
      }
    }
  };

  const root: ScopeDef = {
    id: processId,
    kind: 'process',
    children: [],
    noneStartEvents: [],
    triggeredStartEvents: [],
    eventSubProcesses: [],
  };
  scopes[processId] = root;
  walk(process, root);

  // Wire flows to nodes in document order, boundary events to their activities, compensation handlers.
  for (const flow of Object.values(flows)) {
    const source = elements[flow.source];
    const target = elements[flow.target];
    if (!source || !target) {
      const el = sources.get(flow.id);
      if (el)
        ctx.problems.push(
          problemFor(
            el,
            'error',
            'tp/broken-flow',
            `The sequence flow ${flow.id} connects an element the engine does not know.`,
          ),
        );
      continue;
    }
    source.outgoing.push(flow.id);
    target.incoming.push(flow.id);
  }
  for (const def of Object.values(elements)) {
    if (def.attachedTo) {
      const host = elements[def.attachedTo];
      if (host) (host.boundaryEvents ??= []).push(def.id);
      // A boundary timer counts on its activity's business calendar unless the timer names its own.
      const hostCalendar = host?.task?.calendar;
      if (hostCalendar && def.event?.kind === 'timer' && !def.event.calendar) def.event = { ...def.event, calendar: hostCalendar };
    }
  }
  for (const assoc of associations) {
    const from = elements[child(assoc, 'sourceRef')?.id ?? ''];
    const to = child(assoc, 'targetRef')?.id;
    if (from && to && from.type === 'bpmn:BoundaryEvent' && from.event?.kind === 'compensate' && elements[to]) {
      from.compensationHandler = to;
    }
  }

  const graph: CompiledProcess = prune({
    schemaVersion: GRAPH_SCHEMA_VERSION,
    processId,
    name: process.name,
    xmlHash,
    isExecutable: bool(process, 'isExecutable', false),
    rootScope: processId,
    elements,
    flows,
    scopes,
    links,
  });
  return { graph, sources, foreignConditions };
}

function isFlowNode(el: MElement): boolean {
  return !['bpmn:DataObject', 'bpmn:DataObjectReference', 'bpmn:DataStoreReference', 'bpmn:SequenceFlow'].includes(
    el.$type,
  );
}

function collectLanes(laneSet: MElement, performers: Map<string, string>): void {
  for (const lane of items(laneSet, 'lanes')) {
    const name = str(lane, 'name');
    if (name) for (const node of items(lane, 'flowNodeRef')) if (node.id) performers.set(node.id, name);
    const childSet = child(lane, 'childLaneSet');
    if (childSet) collectLanes(childSet, performers);
  }
}

function buildElement(el: MElement, scope: string, ctx: ExtensionContext, performers: Map<string, string>): ElementDef {
  const id = el.id ?? '';
  const type = el.$type as BpmnType;
  const def: ElementDef = { id, type, name: el.name, scope, incoming: [], outgoing: [] };
  const defaultFlow = child(el, 'default')?.id;
  if (defaultFlow) def.defaultFlow = defaultFlow;
  if (EVENT_TYPES.has(type)) {
    const defs: EventDefinition[] = [];
    for (const d of items(el, 'eventDefinitions')) {
      const read = readEventDefinition(d);
      if (read) defs.push(read);
      else
        ctx.problems.push(
          problemFor(
            el,
            'error',
            'tp/unsupported-element',
            `The event definition ${d.$type} of ${id} is not supported.`,
          ),
        );
    }
    def.event = defs[0] ?? { kind: 'none' };
    if (defs.length > 1) {
      def.events = defs;
      def.parallelMultiple = bool(el, 'parallelMultiple', false);
    }
    if (type === 'bpmn:BoundaryEvent') {
      def.attachedTo = child(el, 'attachedToRef')?.id;
      def.cancelActivity = bool(el, 'cancelActivity', true);
    }
  }
  if (isActivity(type)) {
    if (bool(el, 'isForCompensation', false)) def.isForCompensation = true;
    const task = readTaskSpec(el, ctx);
    if (task) def.task = task;
    const mi = readMultiInstance(el);
    if (mi) def.multiInstance = mi;
    const loop = readStandardLoop(el);
    if (loop) def.loop = loop;
  }
  // A receive task waits like a message catch event: its messageRef becomes its event (MIWG C.9.1).
  if (type === 'bpmn:ReceiveTask') def.event = readMessage(child(el, 'messageRef'));
  if (type === 'bpmn:CallActivity') {
    const zeebe = items(child(el, 'extensionElements'), 'values').find((v) => v.$type === 'zeebe:CalledElement');
    const called = str(el, 'calledElement') ?? literalName(str(zeebe, 'processId'));
    if (called) def.calledElement = called;
  }
  const performer = resourceName(el) ?? performers.get(id);
  if (performer) def.performer = performer;
  return prune(def);
}

function resourceName(el: MElement): string | undefined {
  for (const res of items(el, 'resources')) {
    const name = str(res, 'name') ?? str(child(res, 'resourceRef'), 'name');
    if (name) return name;
  }
  return undefined;
}
