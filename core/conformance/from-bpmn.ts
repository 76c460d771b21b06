import { SUBPROCESS_TYPES as BPMN_SUBPROCESS_TYPES, TASK_TYPES as BPMN_TASK_TYPES, type CompiledProcess, type ElementDef, type ScopeDef } from '../bpmn/graph';
import { ConversionError } from './errors';
import { NetBuilder, type PetriNet } from './petri-net';

/** Options for {@link bpmnToPetriNet}. */
export interface ConversionOptions {
  /** The activity name a task records in the log; defaults to the element's name, else its id. */
  labelOf?: (element: ElementDef) => string;
  /** Largest number of branches an inclusive gateway may have (its expansion has 2^n − 1 transitions). */
  maxInclusiveBranches?: number;
}

/** BPMN element types that become visible (logged) transitions; every other element is silent. */
export const TASK_TYPES: ReadonlySet<string> = new Set<string>([...BPMN_TASK_TYPES, 'bpmn:CallActivity']);
const SUBPROCESS_TYPES: ReadonlySet<string> = new Set<string>(BPMN_SUBPROCESS_TYPES);
const SOURCE = 'source';
const SINK = 'sink';

/** Every non-empty subset of `items`, smallest first (deterministic order). */
function nonEmptySubsets<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let mask = 1; mask < 1 << items.length; mask++) out.push(items.filter((_, i) => (mask & (1 << i)) !== 0));
  return out.sort((a, b) => a.length - b.length);
}

/**
 * Turns a compiled BPMN process into a workflow net: one place per sequence flow plus a source and a
 * sink; tasks and call activities become visible transitions labelled with their activity name;
 * events and gateways become silent transitions. Exclusive (and event-based) gateways are a hub
 * place with one silent transition per branch; parallel gateways one silent transition; inclusive and
 * complex gateways one silent transition per non-empty subset of branches. Embedded subprocesses are
 * flattened (entry and exit places); activities with several incoming flows merge them (XOR); loop and
 * multi-instance activities may repeat; interrupting boundary events are a silent alternative to their
 * activity. Event subprocesses and non-interrupting boundary events are not modelled.
 */
export function bpmnToPetriNet(process: CompiledProcess, options: ConversionOptions = {}): PetriNet {
  const labelOf = options.labelOf ?? ((e: ElementDef) => e.name ?? e.id);
  const maxBranches = options.maxInclusiveBranches ?? 10;
  const b = new NetBuilder();
  b.place(SOURCE);

  const included = (el: ElementDef): boolean => {
    let scopeId: string | undefined = el.scope;
    while (scopeId && scopeId !== process.rootScope) {
      const scope: ScopeDef | undefined = process.scopes[scopeId];
      if (!scope || scope.kind === 'eventSubProcess') return false;
      const owner = process.elements[scopeId];
      if (owner?.triggeredByEvent) return false;
      scopeId = scope.parent;
    }
    return !el.triggeredByEvent;
  };
  const entryOf = (scope: string): string => (scope === process.rootScope ? SOURCE : `enter:${scope}`);
  const exitOf = (scope: string): string => (scope === process.rootScope ? SINK : `exit:${scope}`);
  const flowPlace = (flowId: string): number => b.place(`flow:${flowId}`);
  const liveFlows = (ids: string[]): string[] =>
    ids.filter((id) => {
      const f = process.flows[id];
      const src = f && process.elements[f.source];
      const tgt = f && process.elements[f.target];
      return !!src && !!tgt && included(src) && included(tgt);
    });

  const inMemo = new Map<string, number[]>();
  /** The places an element consumes from: its incoming flow, a merge place, or its scope's entry. */
  const inPlaces = (el: ElementDef): number[] => {
    const memo = inMemo.get(el.id);
    if (memo) return memo;
    const incoming = liveFlows(el.incoming);
    let result: number[];
    if (incoming.length === 0) result = [b.place(entryOf(el.scope))];
    else if (incoming.length === 1) result = [flowPlace(incoming[0])];
    else {
      const merge = b.place(`merge:${el.id}`);
      for (const f of incoming) b.transition(`${el.id}:merge:${f}`, [flowPlace(f)], [merge], undefined, el.id);
      result = [merge];
    }
    inMemo.set(el.id, result);
    return result;
  };
  const outPlaces = (el: ElementDef): number[] => {
    const outgoing = liveFlows(el.outgoing);
    return outgoing.length === 0 ? [b.place(exitOf(el.scope))] : outgoing.map(flowPlace);
  };
  const inclusive = (el: ElementDef): void => {
    const ins = liveFlows(el.incoming).map(flowPlace);
    const outs = outPlaces(el);
    if (ins.length > maxBranches || outs.length > maxBranches) {
      throw new ConversionError(`Inclusive gateway "${el.id}" has more than ${maxBranches} branches`, el.id);
    }
    const joinSets = ins.length === 0 ? [[b.place(entryOf(el.scope))]] : nonEmptySubsets(ins);
    const splitSets = nonEmptySubsets(outs);
    let hub: number[][];
    if (joinSets.length === 1) hub = joinSets;
    else if (splitSets.length === 1) {
      joinSets.forEach((set, i) => b.transition(`${el.id}:join:${i}`, set, outs, undefined, el.id));
      return;
    } else {
      const h = b.place(`or:${el.id}`);
      joinSets.forEach((set, i) => b.transition(`${el.id}:join:${i}`, set, [h], undefined, el.id));
      hub = [[h]];
    }
    splitSets.forEach((set, i) => b.transition(`${el.id}:split:${i}`, hub[0], set, undefined, el.id));
  };

  const ids = Object.keys(process.elements).sort();
  for (const id of ids) {
    const el = process.elements[id];
    if (!included(el)) continue;
    const t = el.type;
    if (TASK_TYPES.has(t)) {
      const ins = inPlaces(el);
      if (el.loop || el.multiInstance) {
        const again = b.place(`loop:${el.id}`);
        b.transition(el.id, ins, [again], labelOf(el), el.id);
        b.transition(`${el.id}:repeat`, [again], ins, undefined, el.id);
        b.transition(`${el.id}:done`, [again], outPlaces(el), undefined, el.id);
      } else {
        b.transition(el.id, ins, outPlaces(el), labelOf(el), el.id);
      }
    } else if (SUBPROCESS_TYPES.has(t)) {
      b.transition(`${el.id}:enter`, inPlaces(el), [b.place(entryOf(el.id))], undefined, el.id);
      b.transition(`${el.id}:leave`, [b.place(exitOf(el.id))], outPlaces(el), undefined, el.id);
    } else if (t === 'bpmn:StartEvent') {
      b.transition(el.id, [b.place(entryOf(el.scope))], outPlaces(el), undefined, el.id);
    } else if (t === 'bpmn:EndEvent') {
      b.transition(el.id, inPlaces(el), [b.place(exitOf(el.scope))], undefined, el.id);
    } else if (t === 'bpmn:IntermediateCatchEvent' || t === 'bpmn:IntermediateThrowEvent') {
      b.transition(el.id, inPlaces(el), outPlaces(el), undefined, el.id);
    } else if (t === 'bpmn:ExclusiveGateway' || t === 'bpmn:EventBasedGateway') {
      const hub = inPlaces(el);
      outPlaces(el).forEach((p, i) => b.transition(`${el.id}:out:${i}`, hub, [p], undefined, el.id));
    } else if (t === 'bpmn:ParallelGateway') {
      const incoming = liveFlows(el.incoming);
      const ins = incoming.length === 0 ? [b.place(entryOf(el.scope))] : incoming.map(flowPlace);
      b.transition(el.id, ins, outPlaces(el), undefined, el.id);
    } else if (t === 'bpmn:InclusiveGateway' || t === 'bpmn:ComplexGateway') {
      inclusive(el);
    } else if (t === 'bpmn:BoundaryEvent') {
      const host = el.attachedTo ? process.elements[el.attachedTo] : undefined;
      if (!host) throw new ConversionError(`Boundary event "${el.id}" is not attached to a known activity`, el.id);
      if (el.cancelActivity !== false && included(host)) {
        b.transition(el.id, inPlaces(host), outPlaces(el), undefined, el.id);
      }
    }
  }
  b.place(SINK);
  return b.build({ [SOURCE]: 1 }, { [SINK]: 1 });
}
