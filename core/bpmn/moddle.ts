import { BpmnModdle } from 'bpmn-moddle';
import zeebeDescriptor from 'zeebe-bpmn-moddle/resources/zeebe.json';
import tpDescriptor from './tp-moddle.json';

/** A bpmn-moddle element seen through the few members the compiler reads. */
export interface MElement {
  $type: string;
  $parent?: MElement;
  $attrs?: Record<string, string>;
  id?: string;
  name?: string;
  get(name: string): unknown;
  [key: string]: unknown;
}

export interface ParsedDefinitions {
  definitions?: MElement;
  warnings: { message: string; elementId?: string }[];
  /** Every element with an id, as bpmn-moddle indexed it. */
  elementsById: Record<string, MElement>;
}

export const TP_NS = 'http://touchpoint.dev/schema/bpmn/1.0';
export const CAMUNDA_NS = 'http://camunda.org/schema/1.0/bpmn';
/** Activiti's namespace, which Camunda 7 still reads as its own (older exports, e.g. MIWG C.1.1, bind `camunda:` to it). */
export const ACTIVITI_NS = 'http://activiti.org/bpmn';
export const ZEEBE_NS = 'http://camunda.org/schema/zeebe/1.0';

/**
 * Parses BPMN XML into moddle elements with our `tp:` and the zeebe descriptors loaded. The Camunda 7
 * descriptor is not loaded: it defines `type`, `formKey`, `assignee`… with the same local names as ours and
 * as zeebe's, which moddle refuses; Camunda 7 attributes therefore stay in `$attrs` and are read from there.
 */
export async function parseBpmn(xml: string): Promise<ParsedDefinitions> {
  const moddle = new BpmnModdle({ tp: tpDescriptor, zeebe: zeebeDescriptor });
  const result = (await moddle.fromXML(xml, 'bpmn:Definitions')) as {
    rootElement?: MElement;
    elementsById?: Record<string, MElement>;
    warnings?: { message: string; element?: MElement; property?: string }[];
  };
  const warnings = (result.warnings ?? []).map((w) => ({
    message: describeModdleMessage(String(w.message)),
    elementId: w.element?.id,
  }));
  const elementsById = result.elementsById ?? {};
  linkFlowNodes(elementsById);
  return { definitions: result.rootElement, warnings, elementsById };
}

/**
 * bpmn-moddle fills a node's `incoming`/`outgoing` only from explicit `<bpmn:incoming>` children, which are
 * optional in BPMN and often absent from hand-written or exported XML. bpmnlint reads them, so derive them
 * from the sequence flows' source and target.
 */
function linkFlowNodes(elementsById: Record<string, MElement>): void {
  for (const flow of Object.values(elementsById)) {
    if (flow.$type !== 'bpmn:SequenceFlow') continue;
    link(flow.sourceRef, 'outgoing', flow);
    link(flow.targetRef, 'incoming', flow);
  }
}

function link(node: unknown, prop: 'incoming' | 'outgoing', flow: MElement): void {
  if (typeof node !== 'object' || node === null) return;
  const target = node as Record<string, unknown>;
  const list = Array.isArray(target[prop]) ? (target[prop] as unknown[]) : [];
  if (!list.includes(flow)) list.push(flow);
  target[prop] = list;
}

/** bpmn-moddle messages span several tab-indented lines; fold them into one sentence with the position. */
export function describeModdleMessage(message: string): string {
  const [first = 'unparsable content', ...rest] = message.split('\n').map((l) => l.trim());
  const field = (name: string): string | undefined =>
    rest
      .find((l) => l.startsWith(`${name}:`))
      ?.slice(name.length + 1)
      .trim();
  const line = field('line');
  const column = field('column');
  const nested = field('nested error');
  const where = line !== undefined ? ` (line ${Number(line) + 1}, column ${column ?? '?'})` : '';
  return `${first}${where}${nested ? `: ${nested}` : ''}`;
}
