import {
  alignmentDeviations,
  alignTrace,
  bpmnToPetriNet,
  checkCase,
  elementDeviationCounts,
  normativeRate,
  parseIsoDuration,
  slaBreaches,
  slaDeviations,
} from '../../../core/conformance';
import { graph, trace } from './graph-builder';

/** Complaint: S → Receive → Classify → Handle → Reply → E; Handle is done by the complaints department. */
const complaint = graph(
  [
    ['S', 'StartEvent'],
    ['Receive', 'Task'],
    ['Classify', 'Task'],
    [
      'Handle',
      'UserTask',
      { performer: 'complaints', task: { inputs: [], outputs: [], candidateGroups: ['supervisors'] } },
    ],
    ['Reply', 'Task'],
    ['E', 'EndEvent'],
  ],
  ['S->Receive', 'Receive->Classify', 'Classify->Handle', 'Handle->Reply', 'Reply->E'],
);
const net = bpmnToPetriNet(complaint);

describe('deviations from the alignment', () => {
  it('when a step is left out, then exactly one skipped step naming its element', () => {
    expect(alignmentDeviations(alignTrace(net, trace('c1', 'Receive', 'Handle', 'Reply')))).toEqual([
      { kind: 'skipped', activity: 'Classify', elementId: 'Classify' },
    ]);
  });

  it('when an extra step is done, then exactly one inserted step with its event index', () => {
    expect(
      alignmentDeviations(alignTrace(net, trace('c2', 'Receive', 'Classify', 'Escalate', 'Handle', 'Reply'))),
    ).toEqual([{ kind: 'inserted', activity: 'Escalate', eventIndex: 2 }]);
  });

  it('when two steps are swapped, then exactly one wrong-order step (a log move and a model move of one activity)', () => {
    const devs = alignmentDeviations(alignTrace(net, trace('c3', 'Receive', 'Handle', 'Classify', 'Reply')));
    expect(devs).toHaveLength(1);
    expect(devs[0].kind).toBe('wrong-order');
    expect(['Classify', 'Handle']).toContain(devs[0].activity);
  });

  it('when a case conforms, then no deviations and the verdict conformant', () => {
    const r = checkCase(complaint, net, trace('ok', 'Receive', 'Classify', 'Handle', 'Reply'));
    expect(r).toMatchObject({ verdict: 'conformant', fitness: 1, deviations: [] });
  });

  it('when the wrong department handles the step, then a wrong-performer deviation naming expected and actual', () => {
    const t = trace('c4', 'Receive', 'Classify', 'Handle', 'Reply');
    t.events[2] = { activity: 'Handle', department: 'sales', resource: 'agent-7' } as (typeof t.events)[number];
    const r = checkCase(complaint, net, t);
    expect(r.verdict).toBe('deviant');
    expect(r.deviations).toEqual([
      {
        kind: 'wrong-performer',
        activity: 'Handle',
        elementId: 'Handle',
        eventIndex: 2,
        expected: ['complaints', 'supervisors'],
        actual: ['sales'],
      },
    ]);
  });

  it('when the right role handles it, then no organisational deviation', () => {
    const t = trace('c5', 'Receive', 'Classify', 'Handle', 'Reply');
    t.events[2] = { activity: 'Handle', role: 'supervisors' } as (typeof t.events)[number];
    expect(checkCase(complaint, net, t).deviations).toEqual([]);
  });

  it('when a reply comes after its due time, or not at all past it, then an SLA breach', () => {
    const t = {
      caseId: 'c6',
      events: [
        { activity: 'Receive', timestamp: 0 },
        { activity: 'Reply', timestamp: 5000 },
      ],
    };
    expect(slaDeviations(t, [{ activity: 'Reply', dueAt: 4000 }])).toEqual([
      { kind: 'sla-breach', activity: 'Reply', elementId: undefined, eventIndex: 1, dueAt: 4000, doneAt: 5000 },
    ]);
    expect(slaDeviations(t, [{ activity: 'Reply', dueAt: 6000 }])).toEqual([]);
    expect(slaDeviations(t, [{ activity: 'Survey', dueAt: 1000 }], 2000)).toHaveLength(1);
  });
});

describe('per-element counts and normative rate', () => {
  it('when four cases are checked, then counts per element and a normative rate of 1/4', () => {
    const cases = [
      trace('a', 'Receive', 'Classify', 'Handle', 'Reply'),
      trace('b', 'Receive', 'Handle', 'Reply'),
      trace('c', 'Receive', 'Classify', 'Classify', 'Handle', 'Reply'),
      trace('d', 'Receive', 'Reply'),
    ];
    const devs = cases.map((c) => checkCase(complaint, net, c).deviations);
    expect(normativeRate(devs)).toBe(0.25);
    expect(elementDeviationCounts(devs, (a) => a)).toEqual({
      Classify: { skipped: 2, inserted: 1, outOfOrder: 0 },
      Handle: { skipped: 1, inserted: 0, outOfOrder: 0 },
    });
  });
});

describe('SLA breaches on a business calendar', () => {
  const nineToSix = [{ start: '09:00', end: '18:00' }];
  const centre = {
    timeZone: 'Asia/Shanghai',
    week: { 1: nineToSix, 2: nineToSix, 3: nineToSix, 4: nineToSix, 5: nineToSix, 6: nineToSix },
    holidays: ['2026-11-30'],
  };
  const withSla = graph(
    [
      ['S', 'StartEvent'],
      ['Receive', 'Task'],
      ['Reply', 'Task', { task: { inputs: [], outputs: [], slaDuration: 'PT24H', calendar: 'centre' } }],
      ['E', 'EndEvent'],
    ],
    ['S->Receive', 'Receive->Reply', 'Reply->E'],
  );
  const slaNet = bpmnToPetriNet(withSla);
  const at = (iso: string) => Date.parse(iso);
  // Received Friday 17:30 (+08:00); 24 business hours under Mon–Sat 09–18 with Monday a holiday: due Wednesday 14:30.
  const caseWith = (replyIso: string) => ({
    caseId: 'sla',
    events: [
      { activity: 'Receive', timestamp: at('2026-11-27T17:30:00+08:00') },
      { activity: 'Reply', timestamp: at(replyIso) },
    ],
  });

  it('when the reply comes Wednesday 14:30 exactly, then no breach; at 14:31, a breach due at 14:30', () => {
    const onTime = caseWith('2026-12-02T14:30:00+08:00');
    expect(slaBreaches(withSla, onTime, alignTrace(slaNet, onTime), { calendars: { centre } })).toEqual([]);
    const late = caseWith('2026-12-02T14:31:00+08:00');
    expect(slaBreaches(withSla, late, alignTrace(slaNet, late), { calendars: { centre } })).toEqual([
      {
        kind: 'sla-breach',
        activity: 'Reply',
        elementId: 'Reply',
        eventIndex: 1,
        dueAt: at('2026-12-02T14:30:00+08:00'),
        doneAt: at('2026-12-02T14:31:00+08:00'),
      },
    ]);
  });

  it('when ISO durations are parsed, then weeks, days, hours, minutes and seconds count; months are rejected', () => {
    expect(parseIsoDuration('PT24H')).toBe(86_400_000);
    expect(parseIsoDuration('P1DT1H30M')).toBe(91_800_000);
    expect(parseIsoDuration('PT0.5S')).toBe(500);
    expect(parseIsoDuration('P1M')).toBeUndefined();
    expect(parseIsoDuration('P')).toBeUndefined();
  });
});
