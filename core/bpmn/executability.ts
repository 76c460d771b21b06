import type { CompiledProcess, ElementDef, FeelExpression, ModelProblem } from './graph';
import { feelSyntaxError } from './feel-check';
import { prune } from './moddle-access';

const HANDLER_TASKS = new Set(['bpmn:ServiceTask', 'bpmn:SendTask', 'bpmn:BusinessRuleTask']);
/** ISO 8601 durations, repeating intervals and date-times; anything else in a timer is read as FEEL. */
const ISO_TIMER = /^(R\d*\/|P|\d{4}-\d{2}-\d{2})/;

const UNSUPPORTED: Record<string, string> = {
  'bpmn:ComplexGateway':
    'complex gateways have no executable semantics in Touchpoint; use an inclusive or exclusive gateway',
  'bpmn:AdHocSubProcess': 'ad-hoc subprocesses are not executed; model the steps with gateways',
};

function problem(
  el: { id: string; name?: string; type: string },
  rule: string,
  message: string,
  severity: ModelProblem['severity'] = 'error',
): ModelProblem {
  return prune({ severity, rule, elementId: el.id, elementName: el.name, elementType: el.type, message });
}

function label(el: { id: string; name?: string; type: string }): string {
  const kind = el.type.replace('bpmn:', '');
  return el.name ? `${kind} "${el.name}" (${el.id})` : `${kind} ${el.id}`;
}

/** Our executability rules (`tp/…`): what the interpreter cannot run, named with the reason. */
export interface ExecutabilityOptions {
  /** Flows whose condition is declared in a non-FEEL language, with that language. */
  foreignConditions?: Map<string, string>;
  /**
   * Whether the document was written for an engine (it binds the tp, zeebe or Camunda namespace). A plain
   * interchange model (e.g. the MIWG references) cannot name handlers, so a missing task type is a warning there.
   */
  authoredForExecution?: boolean;
}

export function checkExecutability(graph: CompiledProcess, opts: ExecutabilityOptions = {}): ModelProblem[] {
  const foreignConditions = opts.foreignConditions ?? new Map<string, string>();
  const strictTypes = opts.authoredForExecution ?? true;
  const problems: ModelProblem[] = [];
  const elements = Object.values(graph.elements);
  const rootScope = graph.scopes[graph.rootScope];
  if (!rootScope || (rootScope.noneStartEvents.length === 0 && rootScope.triggeredStartEvents.length === 0)) {
    problems.push(
      prune({
        severity: 'error',
        rule: 'tp/no-start-event',
        elementId: graph.processId,
        elementName: graph.name,
        elementType: 'bpmn:Process',
        message: `Process ${graph.processId} has no start event, so a case could never start.`,
      }),
    );
  }
  for (const el of elements) {
    if (el.type === 'bpmn:ScriptTask') {
      problems.push(
        problem(
          el,
          'tp/script-task',
          `${label(el)} is a script task; Touchpoint never runs user scripts. Use a service task with a tp:type handler.`,
        ),
      );
    }
    if (HANDLER_TASKS.has(el.type) && !el.task?.type) {
      problems.push(
        problem(
          el,
          'tp/missing-task-type',
          `${label(el)} has no handler type (tp:type or zeebe:taskDefinition type), so the engine cannot tell what to run; reaching it raises an incident.`,
          strictTypes ? 'error' : 'warning',
        ),
      );
    }
    const reason = UNSUPPORTED[el.type];
    if (reason) problems.push(problem(el, 'tp/unsupported-element', `${label(el)} cannot be executed: ${reason}.`));
    for (const def of el.events ?? (el.event ? [el.event] : [])) {
      if (def.kind === 'cancel')
        problems.push(
          problem(
            el,
            'tp/unsupported-element',
            `${label(el)} is a cancel event; transaction cancellation is not supported.`,
          ),
        );
      if (def.kind === 'conditional')
        problems.push(
          problem(
            el,
            'tp/unsupported-element',
            `${label(el)} is a conditional event; conditional events are not supported.`,
          ),
        );
      // A catch that waits for nothing blocks forever (error); a throw or boundary without a name merely never matches.
      const harmless =
        el.type === 'bpmn:BoundaryEvent' || el.type === 'bpmn:EndEvent' || el.type === 'bpmn:IntermediateThrowEvent';
      if (def.kind === 'message' && !def.messageName) {
        problems.push(
          problem(
            el,
            'tp/missing-message',
            `${label(el)} names no message, so ${harmless ? 'it never correlates with anything' : 'nothing could ever correlate to it'}.`,
            harmless ? 'warning' : 'error',
          ),
        );
      }
      if (def.kind === 'signal' && !def.signalName) {
        problems.push(
          problem(
            el,
            'tp/missing-signal',
            `${label(el)} names no signal, so ${harmless ? 'it never matches anything' : 'it could never be triggered'}.`,
            harmless ? 'warning' : 'error',
          ),
        );
      }
      if (def.kind === 'timer' && !def.timer.expression)
        problems.push(problem(el, 'tp/missing-timer', `${label(el)} has a timer without a duration, date or cycle.`));
      if (def.kind === 'timer' && def.timer.expression && !ISO_TIMER.test(def.timer.expression)) {
        const error = feelSyntaxError(def.timer.expression);
        if (error) {
          problems.push(
            problem(
              el,
              'tp/feel-syntax',
              `The timer of ${label(el)} is neither ISO 8601 nor valid FEEL (${error}): ${def.timer.expression}`,
            ),
          );
        }
      }
    }
    if (el.type === 'bpmn:Transaction') {
      problems.push(
        problem(
          el,
          'tp/transaction-as-subprocess',
          `${label(el)} runs as an embedded subprocess; transaction semantics (cancel, hazard) are not supported.`,
          'warning',
        ),
      );
    }
    if (el.type === 'bpmn:CallActivity' && !el.calledElement) {
      problems.push(problem(el, 'tp/missing-called-element', `${label(el)} does not name the process it calls.`));
    }
    if (el.type === 'bpmn:BoundaryEvent' && (!el.attachedTo || !graph.elements[el.attachedTo])) {
      problems.push(problem(el, 'tp/broken-boundary', `${label(el)} is not attached to an activity of this process.`));
    }
    if (el.type === 'bpmn:ExclusiveGateway' && el.outgoing.length > 1) {
      const unguarded = el.outgoing.filter((id) => id !== el.defaultFlow && !graph.flows[id]?.condition);
      if (unguarded.length) {
        problems.push(
          problem(
            el,
            'tp/gateway-flow-without-condition',
            `${label(el)} has outgoing flows without a condition that are not the default flow (${unguarded.join(', ')}); a flow without a condition counts as true, so the first of them in document order is taken.`,
            'warning',
          ),
        );
      }
    }
    problems.push(...checkExpressions(el));
  }
  for (const flow of Object.values(graph.flows)) {
    if (flow.condition !== undefined) {
      const error = feelSyntaxError(flow.condition);
      const language = foreignConditions.get(flow.id);
      if (error && language) {
        problems.push(
          prune({
            severity: 'warning',
            rule: 'tp/foreign-expression-language',
            elementId: flow.id,
            elementName: flow.name,
            elementType: 'bpmn:SequenceFlow',
            message: `The condition of sequence flow ${flow.id} is written in ${language}, not FEEL, and is not valid FEEL (${error}): ${flow.condition}. Touchpoint evaluates conditions as FEEL only, so taking this flow will raise an incident.`,
          }),
        );
      } else if (error) {
        problems.push(
          prune({
            severity: 'error',
            rule: 'tp/feel-syntax',
            elementId: flow.id,
            elementName: flow.name,
            elementType: 'bpmn:SequenceFlow',
            message: `The condition of sequence flow ${flow.id} is not valid FEEL (${error}): ${flow.condition}`,
          }),
        );
      }
    }
  }
  return problems;
}

function checkExpressions(el: ElementDef): ModelProblem[] {
  const exprs: [string, FeelExpression | undefined][] = [];
  for (const m of el.task?.inputs ?? []) exprs.push([`input mapping to ${m.target}`, m.source]);
  for (const m of el.task?.outputs ?? []) exprs.push([`output mapping to ${m.target}`, m.source]);
  if (el.multiInstance) {
    exprs.push(['multi-instance cardinality', el.multiInstance.cardinality]);
    exprs.push(['multi-instance collection', el.multiInstance.collection]);
    exprs.push(['multi-instance completion condition', el.multiInstance.completionCondition]);
    exprs.push(['multi-instance output element', el.multiInstance.outputElement]);
  }
  if (el.loop?.condition) exprs.push(['loop condition', el.loop.condition]);
  const problems: ModelProblem[] = [];
  for (const [what, expr] of exprs) {
    if (expr === undefined) continue;
    const error = feelSyntaxError(expr);
    if (error)
      problems.push(problem(el, 'tp/feel-syntax', `The ${what} of ${label(el)} is not valid FEEL (${error}): ${expr}`));
  }
  return problems;
}
