import { compileBpmn } from '../../../core/bpmn/compile';

const BPMN_NS = 'http://www.omg.org/spec/BPMN/20100524/MODEL';
const wrap = (body: string): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<bpmn:definitions xmlns:bpmn="${BPMN_NS}" id="D" targetNamespace="t">${body}</bpmn:definitions>`;
const simple = `<bpmn:process id="P" isExecutable="true"><bpmn:startEvent id="S" name="S"/><bpmn:sequenceFlow id="F" sourceRef="S" targetRef="E"/><bpmn:endEvent id="E" name="E"/></bpmn:process>`;

describe('compileBpmn: import problems', () => {
  it('when tags are mismatched, then a tp/invalid-bpmn error comes back instead of a throw', async () => {
    const result = await compileBpmn(wrap('<bpmn:process id="P"><bpmn:startEvent id="S"></bpmn:process>'));
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([expect.objectContaining({ severity: 'error', rule: 'tp/invalid-bpmn' })]);
    expect(result.problems[0].message).toMatch(/line 2, column \d+/);
  });

  it('when a sequence flow points at an unknown id, then the import warning and a broken-flow error name the flow', async () => {
    const result = await compileBpmn(
      wrap(
        `<bpmn:process id="P" isExecutable="true"><bpmn:startEvent id="S" name="S"/><bpmn:sequenceFlow id="F" sourceRef="S" targetRef="Nowhere"/></bpmn:process>`,
      ),
    );
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ rule: 'tp/bpmn-import', severity: 'warning' }),
        expect.objectContaining({ rule: 'tp/broken-flow', severity: 'error', elementId: 'F' }),
      ]),
    );
  });

  it('when an unknown BPMN element appears, then bpmn-moddle reports it as a problem', async () => {
    const result = await compileBpmn(
      wrap(simple.replace('<bpmn:endEvent', '<bpmn:notAnElement id="X"/><bpmn:endEvent')),
    );
    expect(result.problems.some((p) => p.rule === 'tp/bpmn-import' && /notAnElement/.test(p.message))).toBe(true);
  });

  it('when the XML has a byte-order mark, comments, CDATA and a processing instruction, then it compiles', async () => {
    const xml = `\uFEFF${wrap(
      `<!-- <!DOCTYPE in a comment is harmless --><?pi data?>${simple.replace(
        '<bpmn:startEvent id="S" name="S"/>',
        '<bpmn:startEvent id="S" name="S"><bpmn:documentation><![CDATA[ <not a tag> ]]></bpmn:documentation></bpmn:startEvent>',
      )}`,
    )}`;
    const result = await compileBpmn(xml);
    expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(result.main!.elements.S.outgoing).toEqual(['F']);
  });

  it('when an attribute value contains ">", then the depth scan is not confused', async () => {
    const result = await compileBpmn(wrap(simple.replace('name="E"', 'name="a &gt; b > c"')));
    expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(result.main!.elements.E.name).toBe('a > b > c');
  });

  it('when an embedded tp form is not JSON, then it is an error naming the user task', async () => {
    const xml = `<?xml version="1.0"?><bpmn:definitions xmlns:bpmn="${BPMN_NS}" xmlns:tp="http://touchpoint.dev/schema/bpmn/1.0" id="D">
      <bpmn:process id="P" isExecutable="true"><bpmn:startEvent id="S" name="S"/><bpmn:sequenceFlow id="F1" sourceRef="S" targetRef="U"/>
      <bpmn:userTask id="U" name="Review"><bpmn:extensionElements><tp:form>{not json</tp:form></bpmn:extensionElements></bpmn:userTask>
      <bpmn:sequenceFlow id="F2" sourceRef="U" targetRef="E"/><bpmn:endEvent id="E" name="E"/></bpmn:process></bpmn:definitions>`;
    const result = await compileBpmn(xml);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ rule: 'tp/invalid-form', elementId: 'U', elementName: 'Review' }),
      ]),
    );
  });
});

describe('compileBpmn: timer expressions', () => {
  const timerModel = (expr: string): string =>
    wrap(
      `<bpmn:process id="P" isExecutable="true"><bpmn:startEvent id="S" name="S"/><bpmn:sequenceFlow id="F1" sourceRef="S" targetRef="W"/>
       <bpmn:intermediateCatchEvent id="W" name="Wait"><bpmn:timerEventDefinition><bpmn:timeCycle>${expr}</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
       <bpmn:sequenceFlow id="F2" sourceRef="W" targetRef="E"/><bpmn:endEvent id="E" name="E"/></bpmn:process>`,
    );

  it.each(['R3/PT10M', '=cycle(duration("PT1H"))'])('when a timer is %s, then it compiles as a cycle', async (expr) => {
    const result = await compileBpmn(timerModel(expr));
    expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(result.main!.elements.W.event).toEqual({
      kind: 'timer',
      timer: { kind: 'cycle', expression: expr.replace(/^=/, '') },
    });
  });

  it('when a timer is neither ISO 8601 nor FEEL, then it is a tp/feel-syntax error naming the event', async () => {
    const result = await compileBpmn(timerModel('=every ((( hour'));
    expect(result.problems).toEqual(
      expect.arrayContaining([expect.objectContaining({ severity: 'error', rule: 'tp/feel-syntax', elementId: 'W' })]),
    );
  });
});
