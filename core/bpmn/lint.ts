import Linter from 'bpmnlint/lib/linter';
import recommended from 'bpmnlint/config/recommended';
import adHocSubProcess from 'bpmnlint/rules/ad-hoc-sub-process';
import conditionalFlows from 'bpmnlint/rules/conditional-flows';
import endEventRequired from 'bpmnlint/rules/end-event-required';
import eventBasedGateway from 'bpmnlint/rules/event-based-gateway';
import eventSubProcessTypedStartEvent from 'bpmnlint/rules/event-sub-process-typed-start-event';
import fakeJoin from 'bpmnlint/rules/fake-join';
import global from 'bpmnlint/rules/global';
import labelRequired from 'bpmnlint/rules/label-required';
import linkEvent from 'bpmnlint/rules/link-event';
import noBpmndi from 'bpmnlint/rules/no-bpmndi';
import noComplexGateway from 'bpmnlint/rules/no-complex-gateway';
import noDisconnected from 'bpmnlint/rules/no-disconnected';
import noDuplicateSequenceFlows from 'bpmnlint/rules/no-duplicate-sequence-flows';
import noGatewayJoinFork from 'bpmnlint/rules/no-gateway-join-fork';
import noImplicitEnd from 'bpmnlint/rules/no-implicit-end';
import noImplicitSplit from 'bpmnlint/rules/no-implicit-split';
import noImplicitStart from 'bpmnlint/rules/no-implicit-start';
import noInclusiveGateway from 'bpmnlint/rules/no-inclusive-gateway';
import noOverlappingElements from 'bpmnlint/rules/no-overlapping-elements';
import singleBlankStartEvent from 'bpmnlint/rules/single-blank-start-event';
import singleEventDefinition from 'bpmnlint/rules/single-event-definition';
import startEventRequired from 'bpmnlint/rules/start-event-required';
import subProcessBlankStartEvent from 'bpmnlint/rules/sub-process-blank-start-event';
import superfluousGateway from 'bpmnlint/rules/superfluous-gateway';
import superfluousLabel from 'bpmnlint/rules/superfluous-label';
import superfluousTermination from 'bpmnlint/rules/superfluous-termination';
import type { ModelProblem } from './graph';
import type { MElement } from './moddle';
import { prune } from './moddle-access';

/**
 * The rules of `bpmnlint:recommended`, imported statically so that the linter works the same under Jest, tsx
 * and a bundler (bpmnlint's node resolver requires rules by path at run time relative to the working directory).
 */
const RULES: Record<string, unknown> = {
  'ad-hoc-sub-process': adHocSubProcess,
  'conditional-flows': conditionalFlows,
  'end-event-required': endEventRequired,
  'event-based-gateway': eventBasedGateway,
  'event-sub-process-typed-start-event': eventSubProcessTypedStartEvent,
  'fake-join': fakeJoin,
  global,
  'label-required': labelRequired,
  'link-event': linkEvent,
  'no-bpmndi': noBpmndi,
  'no-complex-gateway': noComplexGateway,
  'no-disconnected': noDisconnected,
  'no-duplicate-sequence-flows': noDuplicateSequenceFlows,
  'no-gateway-join-fork': noGatewayJoinFork,
  'no-implicit-end': noImplicitEnd,
  'no-implicit-split': noImplicitSplit,
  'no-implicit-start': noImplicitStart,
  'no-inclusive-gateway': noInclusiveGateway,
  'no-overlapping-elements': noOverlappingElements,
  'single-blank-start-event': singleBlankStartEvent,
  'single-event-definition': singleEventDefinition,
  'start-event-required': startEventRequired,
  'sub-process-blank-start-event': subProcessBlankStartEvent,
  'superfluous-gateway': superfluousGateway,
  'superfluous-label': superfluousLabel,
  'superfluous-termination': superfluousTermination,
};

/**
 * Recommended rules whose findings concern drawing and labelling, not whether the engine can run the model.
 * bpmnlint rates some of them `error`; for an executable-graph compiler they are warnings, otherwise every
 * diagram drawn without labels or exported without DI (e.g. the MIWG reference models) would be refused.
 */
const PRESENTATION_RULES = new Set(['label-required', 'no-bpmndi', 'no-overlapping-elements', 'superfluous-label']);

const resolver = {
  resolveRule(pkg: string, ruleName: string): unknown {
    const rule = pkg === 'bpmnlint' ? RULES[ruleName] : undefined;
    if (!rule) throw new Error(`unknown bpmnlint rule ${pkg}/${ruleName}`);
    return rule;
  },
  resolveConfig(pkg: string, configName: string): unknown {
    if (pkg === 'bpmnlint' && configName === 'recommended') return recommended;
    throw new Error(`unknown bpmnlint config ${pkg}/${configName}`);
  },
};

/** Runs bpmnlint's recommended rules over parsed definitions and returns their reports as problems. */
export async function lintDefinitions(
  definitions: MElement,
  byId: (id: string) => MElement | undefined,
): Promise<ModelProblem[]> {
  // bpmnlint's `global` rule assumes rootElements is an array; an empty <definitions> has none.
  if (!Array.isArray(definitions.rootElements)) definitions.rootElements = [];
  const linter = new Linter({ resolver });
  const results = await linter.lint(definitions, { extends: 'bpmnlint:recommended' });
  const problems: ModelProblem[] = [];
  for (const rule of Object.keys(results).sort()) {
    for (const report of results[rule] ?? []) {
      const el = report.id ? byId(report.id) : undefined;
      const severity =
        report.category === 'error' && !PRESENTATION_RULES.has(rule) && !isEmptySubProcessFinding(rule, el)
          ? 'error'
          : 'warning';
      problems.push(
        prune({
          severity,
          rule,
          elementId: report.id,
          elementName: el?.name,
          elementType: el?.$type,
          message: sentence(report.message, report.id),
        }),
      );
    }
  }
  return problems;
}

/**
 * A collapsed subprocess drawn without content (common in documentation models) has no start or end event;
 * the engine completes it at once, so bpmnlint's start/end-event-required findings on it are warnings.
 */
function isEmptySubProcessFinding(rule: string, el: MElement | undefined): boolean {
  if (rule !== 'start-event-required' && rule !== 'end-event-required') return false;
  if (!el || el.$type !== 'bpmn:SubProcess') return false;
  const children = el.flowElements;
  return !Array.isArray(children) || children.length === 0;
}

function sentence(message: string, id: string | undefined): string {
  const text = message.charAt(0).toUpperCase() + message.slice(1);
  const withId = id ? `${id}: ${text}` : text;
  return /[.!?]$/.test(withId) ? withId : `${withId}.`;
}
