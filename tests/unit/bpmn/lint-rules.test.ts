/**
 * The modeler and the compiler share one bpmnlint rule set: every rule the modeler enables resolves
 * to a bundled rule, and drawing rules are warnings in both, as the compiler reports them.
 */
import { modelerRuleLevels, PRESENTATION_RULES, resolver } from '../../../core/bpmn/lint-rules';
import { compileBpmn } from '../../../core/bpmn/compile';

test('when the modeler asks for its rule levels, then every rule resolves and drawing rules are warnings', () => {
  const levels = modelerRuleLevels();
  expect(Object.keys(levels).length).toBeGreaterThan(20);
  for (const rule of Object.keys(levels)) expect(typeof resolver.resolveRule('bpmnlint', rule)).toBe('function');
  for (const rule of PRESENTATION_RULES) expect(levels[rule]).toBe('warn');
  expect(levels['conditional-flows']).toBe('error');
  expect(levels['no-disconnected']).toBe('error');
});

test('when a task has no label, then the compiler reports a warning, as the modeler does', async () => {
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d1" targetNamespace="t">
  <bpmn:process id="p" isExecutable="true">
    <bpmn:startEvent id="s" name="Start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:manualTask id="t"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:manualTask>
    <bpmn:endEvent id="e" name="End"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="t"/>
    <bpmn:sequenceFlow id="f2" sourceRef="t" targetRef="e"/>
  </bpmn:process>
</bpmn:definitions>`;
  const result = await compileBpmn(xml);
  const label = result.problems.find((p) => p.rule === 'label-required' && p.elementId === 't');
  expect(label?.severity).toBe('warning');
  expect(modelerRuleLevels()['label-required']).toBe('warn');
});
