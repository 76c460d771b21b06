/** Timer start events planned as schedules, message start events listed for correlation (core/bpmn/start-triggers). */
import { compileBpmn } from '../../../core/bpmn';
import { messageStarts, planTimerStart, timerStarts, TimerStartError } from '../../../core/bpmn/start-triggers';

const T0 = Date.parse('2026-11-23T10:00:00Z');

describe('planTimerStart', () => {
  it('when a start event has a date, then it fires once at that instant', () => {
    expect(planTimerStart('S', { kind: 'date', expression: '2026-12-01T09:30:00Z' }, T0)).toEqual({ startEventId: 'S', kind: 'once', at: Date.parse('2026-12-01T09:30:00Z') });
  });

  it('when a start event has a duration, then it fires once that long after the deployment', () => {
    expect(planTimerStart('S', { kind: 'duration', expression: 'PT90M' }, T0)).toEqual({ startEventId: 'S', kind: 'once', at: T0 + 90 * 60_000 });
  });

  it('when a cycle names repetitions and a start, then the interval is anchored on the start', () => {
    const start = Date.parse('2026-11-24T08:15:00Z');
    expect(planTimerStart('S', { kind: 'cycle', expression: 'R3/2026-11-24T08:15:00Z/PT1H' }, T0)).toEqual({
      startEventId: 'S',
      kind: 'every',
      everyMs: 3_600_000,
      offsetMs: start % 3_600_000,
      startAt: start,
      repetitions: 3,
    });
  });

  it('when a cycle is unbounded, then it repeats on the epoch grid without a limit', () => {
    expect(planTimerStart('S', { kind: 'cycle', expression: 'R/P1D' }, T0)).toEqual({ startEventId: 'S', kind: 'every', everyMs: 86_400_000, offsetMs: 0 });
  });

  it('when a cycle is a Quartz cron (Camunda 7), then it becomes a five-field cron', () => {
    expect(planTimerStart('S', { kind: 'cycle', expression: '0 0 9 ? * MON-FRI' }, T0)).toEqual({ startEventId: 'S', kind: 'cron', cron: '0 9 * * MON-FRI' });
  });

  it('when a timer value is a FEEL string expression, then it is evaluated without variables', () => {
    expect(planTimerStart('S', { kind: 'date', expression: '="2027-01-0" + "1T00:00:00Z"' }, T0)).toMatchObject({ kind: 'once', at: Date.parse('2027-01-01T00:00:00Z') });
  });

  it('when a value cannot be planned, then the error names the start event', () => {
    expect(() => planTimerStart('Start_x', { kind: 'cycle', expression: 'R2/PT0.1S' }, T0)).toThrow(TimerStartError);
    expect(() => planTimerStart('Start_x', { kind: 'date', expression: 'next tuesday' }, T0)).toThrow(/Start_x/);
  });
});

describe('start triggers of a compiled process', () => {
  it('when a process has timer and message start events, then each is listed with its definition', async () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="D" targetNamespace="t">
  <bpmn:message id="M" name="order-placed"><bpmn:extensionElements><zeebe:subscription correlationKey="=orderId" /></bpmn:extensionElements></bpmn:message>
  <bpmn:process id="P" isExecutable="true">
    <bpmn:startEvent id="Daily"><bpmn:timerEventDefinition><bpmn:timeCycle>R/P1D</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent>
    <bpmn:startEvent id="Order"><bpmn:messageEventDefinition messageRef="M" /></bpmn:startEvent>
    <bpmn:sequenceFlow id="F1" sourceRef="Daily" targetRef="E" />
    <bpmn:sequenceFlow id="F2" sourceRef="Order" targetRef="E" />
    <bpmn:endEvent id="E" />
  </bpmn:process>
</bpmn:definitions>`;
    const { main } = await compileBpmn(xml);
    expect(timerStarts(main!)).toEqual([{ startEventId: 'Daily', timer: { kind: 'cycle', expression: 'R/P1D' } }]);
    expect(messageStarts(main!)).toEqual([{ startEventId: 'Order', messageName: 'order-placed', correlationKey: 'orderId' }]);
  });
});
