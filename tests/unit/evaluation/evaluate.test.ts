import {
  evaluatePlan,
  localTimeWindows,
  selectFollowUp,
  type AttemptRecord,
  type SatisfactionSource,
} from '../../../core/evaluation';

/** Local time in Asia/Shanghai (UTC+8) on Monday 2026-11-23. */
const sh = (hour: number, minute = 0): number => Date.UTC(2026, 10, 23, hour - 8, minute);

const satisfaction: SatisfactionSource = {
  questionId: 'sat',
  scores: { s5: 5, s4: 4, s3: 3, s2: 2, s1: 1 },
  satisfiedAtLeast: 4,
};

const attempt = (
  customerId: string,
  attemptNo: number,
  channel: string,
  at: number,
  outcome: AttemptRecord['outcome'],
  extra: Partial<AttemptRecord> & { score?: string } = {},
): AttemptRecord => {
  const { score, ...rest } = extra;
  return {
    planId: 'P1',
    customerId,
    attemptNo,
    channel,
    at,
    outcome,
    ...(score
      ? {
          answerSheet: {
            id: `${customerId}-${attemptNo}`,
            questionnaireCode: 'SAT',
            respondent: customerId,
            answeredAt: at,
            answers: [{ questionId: 'sat', options: [score] }],
          },
        }
      : {}),
    ...rest,
  };
};

/*
 * Fixture: plan P1, targets c1..c7 (c7 never attempted).
 *  #  customer attempt channel time   outcome      score needsMet goal
 *  1  c1       1       phone   09:30  completed    5     yes      yes
 *  2  c2       1       phone   10:00  unreachable
 *  3  c2       2       phone   14:00  completed    2     no
 *  4  c3       1       phone   10:30  unreachable
 *  5  c3       2       phone   14:30  unreachable
 *  6  c3       3       sms     15:00  unreachable
 *  7  c4       1       sms     11:00  refused
 *  8  c5       1       phone   16:00  incomplete         no
 *  9  c6       1       sms     16:30  completed    4     yes      yes
 *  plus a repeat of #1 (ignored) and a P2 record (filtered out).
 */
const ledger: AttemptRecord[] = [
  attempt('c1', 1, 'phone', sh(9, 30), 'completed', { score: 's5', needsMet: true, goalAchieved: true }),
  attempt('c2', 1, 'phone', sh(10), 'unreachable'),
  attempt('c2', 2, 'phone', sh(14), 'completed', { score: 's2', needsMet: false }),
  attempt('c3', 1, 'phone', sh(10, 30), 'unreachable'),
  attempt('c3', 2, 'phone', sh(14, 30), 'unreachable'),
  attempt('c3', 3, 'sms', sh(15), 'unreachable'),
  attempt('c4', 1, 'sms', sh(11), 'refused'),
  attempt('c5', 1, 'phone', sh(16), 'incomplete', { needsMet: false }),
  attempt('c6', 1, 'sms', sh(16, 30), 'completed', { score: 's4', needsMet: true, goalAchieved: true }),
  attempt('c1', 1, 'phone', sh(9, 31), 'unreachable'), // the same attempt again: must be ignored
  { ...attempt('c1', 1, 'phone', sh(9), 'completed'), planId: 'P2' },
];
const targets = ['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7'];
const windowOf = localTimeWindows('Asia/Shanghai', [
  { label: 'morning', start: '09:00', end: '12:00' },
  { label: 'afternoon', start: '12:00', end: '18:00' },
]);

describe('plan evaluation', () => {
  const e = evaluatePlan(ledger, { planId: 'P1', targets, satisfaction, windowOf });

  it('when the fixture is evaluated, then plan-level figures equal the hand computation', () => {
    // targets 7; attempts 9 (the repeat and the P2 record dropped)
    // reached: c1 c2 c4 c5 c6 = 5 -> 5/7; completed: c1 c2 c6 = 3 -> 3/7
    // satisfaction over completed with a score: 5, 2, 4 -> avg 11/3; satisfied (>= 4): c1 c6 = 2 -> 2/3
    // needs met judged: c1 yes, c2 no, c5 no, c6 yes -> 2 of 4 = 0.5; goal: c1 c6 = 2 -> 2/7
    expect(e.targets).toBe(7);
    expect(e.attempts).toBe(9);
    expect(e.duplicatesIgnored).toBe(1);
    expect([e.reached, e.completed]).toEqual([5, 3]);
    expect(e.reachRate).toBeCloseTo(5 / 7, 12);
    expect(e.completionRate).toBeCloseTo(3 / 7, 12);
    expect(e.satisfaction!.responses).toBe(3);
    expect(e.satisfaction!.averageScore).toBeCloseTo(11 / 3, 12);
    expect(e.satisfaction!.satisfied).toBe(2);
    expect(e.satisfaction!.satisfiedRate).toBeCloseTo(2 / 3, 12);
    expect(e.needsMet).toEqual({ judged: 4, met: 2, rate: 0.5 });
    expect(e.goal.achieved).toBe(2);
    expect(e.goal.rate).toBeCloseTo(2 / 7, 12);
  });

  it('when figures are split per channel, then they equal the hand computation', () => {
    // phone: #1 #2 #3 #4 #5 #8 = 6 attempts; reached #1 #3 #8 = 3 (0.5); completed #1 #3 = 2 (1/3); scores 5, 2 -> 3.5, 1 satisfied
    // sms: #6 #7 #9 = 3 attempts; reached #7 #9 = 2 (2/3); completed #9 = 1 (1/3); score 4 -> 4, 1 satisfied
    expect(e.perChannel.phone).toEqual({
      attempts: 6,
      reached: 3,
      completed: 2,
      reachRate: 0.5,
      completionRate: 2 / 6,
      satisfaction: { responses: 2, averageScore: 3.5, satisfied: 1, satisfiedRate: 0.5 },
    });
    expect(e.perChannel.sms).toEqual({
      attempts: 3,
      reached: 2,
      completed: 1,
      reachRate: 2 / 3,
      completionRate: 1 / 3,
      satisfaction: { responses: 1, averageScore: 4, satisfied: 1, satisfiedRate: 1 },
    });
  });

  it('when figures are split per time window, then they equal the hand computation', () => {
    // morning 09-12: #1 #2 #4 #7 = 4; reached #1 #7 = 2 (0.5); completed #1 (0.25); score 5
    // afternoon 12-18: #3 #5 #6 #8 #9 = 5; reached #3 #8 #9 = 3 (0.6); completed #3 #9 = 2 (0.4); scores 2, 4 -> 3
    expect(e.perWindow.morning).toEqual({
      attempts: 4,
      reached: 2,
      completed: 1,
      reachRate: 0.5,
      completionRate: 0.25,
      satisfaction: { responses: 1, averageScore: 5, satisfied: 1, satisfiedRate: 1 },
    });
    expect(e.perWindow.afternoon).toEqual({
      attempts: 5,
      reached: 3,
      completed: 2,
      reachRate: 0.6,
      completionRate: 0.4,
      satisfaction: { responses: 2, averageScore: 3, satisfied: 1, satisfiedRate: 0.5 },
    });
  });

  it('when no targets are given, then the customers in the ledger are the targets', () => {
    const all = evaluatePlan(ledger, { planId: 'P1' });
    expect(all.targets).toBe(6);
    expect(all.reachRate).toBeCloseTo(5 / 6, 12);
    expect(all.satisfaction).toBeUndefined();
    expect(all.perWindow).toEqual({});
  });

  it('when the ledger is empty, then rates are 0 rather than NaN', () => {
    const none = evaluatePlan([], { targets: ['c1'] });
    expect([none.reachRate, none.completionRate, none.needsMet.rate, none.goal.rate]).toEqual([0, 0, 0, 0]);
  });
});

describe('follow-up selection', () => {
  it('when customers were not reached or not satisfied, then they are selected in target order with the reason', () => {
    // c2 scored 2 (< 4); c3 never answered; c7 never attempted; c4 refused and c5 broke off: reached, not selected by default
    expect(selectFollowUp(ledger, { planId: 'P1', targets, satisfaction })).toEqual([
      { customerId: 'c2', reason: 'not-satisfied' },
      { customerId: 'c3', reason: 'not-reached' },
      { customerId: 'c7', reason: 'not-reached' },
    ]);
  });

  it('when not-completed is asked for too, then reached but unfinished customers are added', () => {
    expect(
      selectFollowUp(ledger, {
        planId: 'P1',
        targets,
        satisfaction,
        include: ['not-reached', 'not-completed', 'not-satisfied'],
      }).map((c) => `${c.customerId}:${c.reason}`),
    ).toEqual(['c2:not-satisfied', 'c3:not-reached', 'c4:not-completed', 'c5:not-completed', 'c7:not-reached']);
  });

  it('when no satisfaction source is given, then only unreached customers are selected', () => {
    expect(selectFollowUp(ledger, { planId: 'P1', targets }).map((c) => c.customerId)).toEqual(['c3', 'c7']);
  });
});
