import type { BpmnType, CompiledProcess, ElementDef } from '../../../core/bpmn/graph';

/** Element shorthand for tests: `[id, type, extra]` where type drops the `bpmn:` prefix. */
export type El = [id: string, type: string, extra?: Partial<ElementDef>];

/**
 * Builds a CompiledProcess by hand: elements and flows `a->b` (flow ids `a->b`); incoming and
 * outgoing are filled in; elements sit in `Process_1` unless `extra.scope` says otherwise, and each
 * SubProcess element opens a scope of its own id.
 */
export function graph(elements: El[], flows: string[]): CompiledProcess {
  const root = 'Process_1';
  const els: Record<string, ElementDef> = {};
  for (const [id, type, extra] of elements) {
    els[id] = { id, type: `bpmn:${type}` as BpmnType, scope: root, incoming: [], outgoing: [], name: id, ...extra };
  }
  const fl: CompiledProcess['flows'] = {};
  for (const f of flows) {
    const [source, target] = f.split('->');
    fl[f] = { id: f, source, target };
    els[source].outgoing.push(f);
    els[target].incoming.push(f);
  }
  const scopes: CompiledProcess['scopes'] = {
    [root]: {
      id: root,
      kind: 'process',
      children: [],
      noneStartEvents: [],
      triggeredStartEvents: [],
      eventSubProcesses: [],
    },
  };
  for (const el of Object.values(els)) {
    if (el.type === 'bpmn:SubProcess') {
      el.opensScope = el.id;
      scopes[el.id] = {
        id: el.id,
        kind: 'subProcess',
        parent: el.scope,
        children: [],
        noneStartEvents: [],
        triggeredStartEvents: [],
        eventSubProcesses: [],
      };
    }
  }
  for (const el of Object.values(els)) {
    scopes[el.scope].children.push(el.id);
    if (el.type === 'bpmn:StartEvent') scopes[el.scope].noneStartEvents.push(el.id);
  }
  return {
    schemaVersion: 1,
    processId: root,
    xmlHash: '',
    isExecutable: true,
    rootScope: root,
    elements: els,
    flows: fl,
    scopes,
    links: {},
  };
}

/** A trace from activity names. */
export const trace = (caseId: string, ...activities: string[]) => ({
  caseId,
  events: activities.map((activity) => ({ activity })),
});
