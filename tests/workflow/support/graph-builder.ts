/**
 * Builds CompiledProcess graphs by hand for workflow tests: elements, flows, and the derived
 * fields (incoming/outgoing, scopes, boundary lists, links) the compiler would fill in.
 */
import type { BpmnType, CompiledProcess, ElementDef, EventDefinition, FlowDef, ScopeDef, TaskSpec } from '../../../core/bpmn/graph';

type ElementExtras = Partial<Omit<ElementDef, 'id' | 'type' | 'incoming' | 'outgoing'>>;

export class GraphBuilder {
  private readonly elements: Record<string, ElementDef> = {};
  private readonly flows: Record<string, FlowDef> = {};

  constructor(private readonly processId = 'Process_test') {}

  el(id: string, type: BpmnType, extras: ElementExtras = {}): this {
    this.elements[id] = { id, type, scope: this.processId, incoming: [], outgoing: [], ...extras };
    return this;
  }

  start(id = 'start', scope?: string): this {
    return this.el(id, 'bpmn:StartEvent', { event: { kind: 'none' }, ...(scope ? { scope } : {}) });
  }

  end(id = 'end', event: EventDefinition = { kind: 'none' }, scope?: string): this {
    return this.el(id, 'bpmn:EndEvent', { event, ...(scope ? { scope } : {}) });
  }

  service(id: string, type: string, task: Partial<TaskSpec> = {}, extras: ElementExtras = {}): this {
    return this.el(id, 'bpmn:ServiceTask', { task: { type, inputs: [], outputs: [], ...task }, ...extras });
  }

  user(id: string, task: Partial<TaskSpec> = {}, extras: ElementExtras = {}): this {
    return this.el(id, 'bpmn:UserTask', { task: { inputs: [], outputs: [], ...task }, ...extras });
  }

  catchEvent(id: string, event: EventDefinition, extras: ElementExtras = {}): this {
    return this.el(id, 'bpmn:IntermediateCatchEvent', { event, ...extras });
  }

  boundary(id: string, attachedTo: string, event: EventDefinition, cancelActivity = true): this {
    const host = this.elements[attachedTo];
    return this.el(id, 'bpmn:BoundaryEvent', { attachedTo, event, cancelActivity, scope: host?.scope ?? this.processId });
  }

  flow(source: string, target: string, condition?: string, id = `Flow_${source}_${target}`): this {
    this.flows[id] = { id, source, target, ...(condition ? { condition } : {}) };
    return this;
  }

  /** Flows source → target → … in a row. */
  chain(...ids: string[]): this {
    for (let i = 0; i + 1 < ids.length; i++) this.flow(ids[i], ids[i + 1]);
    return this;
  }

  defaultFlow(elementId: string, flowId: string): this {
    this.elements[elementId].defaultFlow = flowId;
    return this;
  }

  build(): CompiledProcess {
    const elements: Record<string, ElementDef> = JSON.parse(JSON.stringify(this.elements));
    for (const f of Object.values(this.flows)) {
      elements[f.source].outgoing.push(f.id);
      elements[f.target].incoming.push(f.id);
    }
    const scopes: Record<string, ScopeDef> = {
      [this.processId]: { id: this.processId, kind: 'process', children: [], noneStartEvents: [], triggeredStartEvents: [], eventSubProcesses: [] },
    };
    for (const el of Object.values(elements)) {
      if (el.type === 'bpmn:SubProcess' || el.type === 'bpmn:Transaction') {
        el.opensScope = el.id;
        scopes[el.id] = {
          id: el.id,
          kind: el.triggeredByEvent ? 'eventSubProcess' : 'subProcess',
          parent: el.scope,
          children: [],
          noneStartEvents: [],
          triggeredStartEvents: [],
          eventSubProcesses: [],
        };
      }
    }
    const links: Record<string, string> = {};
    for (const el of Object.values(elements)) {
      const scope = scopes[el.scope];
      scope.children.push(el.id);
      if (el.type === 'bpmn:StartEvent') {
        if (!el.event || el.event.kind === 'none') scope.noneStartEvents.push(el.id);
        else scope.triggeredStartEvents.push(el.id);
      }
      if (el.triggeredByEvent) scope.eventSubProcesses.push(el.id);
      if (el.attachedTo) {
        const host = elements[el.attachedTo];
        host.boundaryEvents = [...(host.boundaryEvents ?? []), el.id];
      }
      if (el.type === 'bpmn:IntermediateCatchEvent' && el.event?.kind === 'link') links[`${el.scope}:${el.event.linkName}`] = el.id;
    }
    return {
      schemaVersion: 1,
      processId: this.processId,
      xmlHash: '0'.repeat(64),
      isExecutable: true,
      rootScope: this.processId,
      elements,
      flows: JSON.parse(JSON.stringify(this.flows)),
      scopes,
      links,
    };
  }
}

/**
 * A user task `call` (assigned to ann) with an interrupting timer `late` of `duration` that leads to
 * a service task `escalate` setting `escalated`; the task's own path ends at `end`, the timer's at `end2`.
 */
export function userTaskWithTimeout(duration: string): CompiledProcess {
  return new GraphBuilder()
    .start()
    .user('call', { assignee: 'ann' })
    .boundary('late', 'call', { kind: 'timer', timer: { kind: 'duration', expression: duration } })
    .service('escalate', 'set-variables', { headers: { escalated: 'true' } })
    .end()
    .end('end2')
    .chain('start', 'call', 'end')
    .chain('late', 'escalate', 'end2')
    .build();
}
