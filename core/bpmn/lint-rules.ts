/**
 * The bpmnlint rule set shared by the server's compiler and the browser modeler, so both report the
 * same problems at the same severity. Browser-safe: only bpmnlint's rule modules, no Node built-ins.
 */
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

/**
 * The rules of `bpmnlint:recommended`, imported statically so that the linter works the same under Jest, tsx
 * and a bundler (bpmnlint's node resolver requires rules by path at run time relative to the working directory).
 */
export const RULES: Record<string, unknown> = {
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
export const PRESENTATION_RULES = new Set(['label-required', 'no-bpmndi', 'no-overlapping-elements', 'superfluous-label']);

export const resolver = {
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

/**
 * Rule levels for bpmn-js-bpmnlint in the modeler: `bpmnlint:recommended` with the presentation rules
 * lowered to warnings, as the compiler lowers them.
 */
export function modelerRuleLevels(): Record<string, 'error' | 'warn'> {
  const levels: Record<string, 'error' | 'warn'> = {};
  for (const [rule, level] of Object.entries(recommended.rules)) {
    const name = rule.replace(/^bpmnlint\//, '');
    levels[name] = PRESENTATION_RULES.has(name) || level === 'warn' ? 'warn' : 'error';
  }
  return levels;
}
