/**
 * bpmn-js-bpmnlint's configuration: the very rule set and severities the server's compiler uses
 * (core/bpmn/lint-rules.ts), so the modeler reports what deployment will report.
 */
import { modelerRuleLevels, resolver } from '../../../../core/bpmn/lint-rules';

/** The `linting.bpmnlint` option of bpmn-js-bpmnlint. */
export const bpmnlintConfig = { config: { rules: modelerRuleLevels() }, resolver };
