/** Classification decision and SLA clock arithmetic (pure). */
import { addBusinessDuration, businessTimeBetween, type BusinessCalendar } from '../../../core/calendar';
import {
  classify,
  ClassificationError,
  clocksFor,
  DEFAULT_POLICY,
  nextFiring,
  overallState,
  pauseClock,
  resumeClock,
  startClock,
  stopClock,
} from '../../../core/complaints';

const HOUR = 3_600_000;
const DAY = [{ start: '09:00', end: '18:00' }];
const CAL: BusinessCalendar = { timeZone: 'Asia/Shanghai', week: { 1: DAY, 2: DAY, 3: DAY, 4: DAY, 5: DAY, 6: DAY }, holidays: ['2026-11-30'] };
const at = (iso: string): number => new Date(iso).getTime();

describe('classification (FEEL decision)', () => {
  test('the first matching rule decides kind, category, priority and department', () => {
    const c = classify(DEFAULT_POLICY, { text: 'You charged me twice on my bill', channel: 'email' });
    expect(c).toMatchObject({ kind: 'complaint', category: 'billing', priority: 'high', department: 'billing', rule: 1, overridden: false });
  });
  test('nothing matches: the fallback is a normal consultation for customer service', () => {
    expect(classify(DEFAULT_POLICY, { text: 'What are your opening hours?' })).toMatchObject({ kind: 'consultation', category: 'general', department: 'customer-service', rule: -1 });
  });
  test("the agent's choice overrides the decision field by field", () => {
    const c = classify(DEFAULT_POLICY, { text: 'my bill is wrong' }, { priority: 'urgent' });
    expect(c).toMatchObject({ category: 'billing', priority: 'urgent', overridden: true });
  });
  test('an unknown override names its field', () => {
    expect(() => classify(DEFAULT_POLICY, { text: 'x' }, { priority: 'extreme' })).toThrow(ClassificationError);
    try {
      classify(DEFAULT_POLICY, { text: 'x' }, { kind: 'rant' });
    } catch (err) {
      expect((err as ClassificationError).field).toBe('kind');
    }
  });
  test('e-mail and SMS replies are due within 24 business hours; urgent resolution within 4 hours', () => {
    expect(clocksFor(DEFAULT_POLICY, 'sms', 'billing', 'urgent')).toEqual([
      { name: 'reply', durationMs: 24 * HOUR, warnFraction: 0.75 },
      { name: 'resolution', durationMs: 4 * HOUR, warnFraction: 0.75 },
    ]);
  });
});

describe('SLA clock arithmetic', () => {
  const spec = { name: 'reply' as const, durationMs: 24 * HOUR, warnFraction: 0.75 };

  test('Friday 17:30 with Monday a holiday: warning Tuesday 17:30, due Wednesday 14:30', () => {
    const c = startClock(CAL, spec, at('2026-11-27T17:30:00+08:00'));
    expect(c.warnAt).toBe(at('2026-12-01T17:30:00+08:00'));
    expect(c.dueAt).toBe(at('2026-12-02T14:30:00+08:00'));
    expect(nextFiring(c)).toEqual({ kind: 'warning', at: c.warnAt });
  });

  test('pausing over a weekend and a holiday moves the deadline by the paused business time only', () => {
    const c0 = startClock(CAL, spec, at('2026-11-27T10:00:00+08:00'));
    const paused = pauseClock(CAL, c0, at('2026-11-27T12:00:00+08:00'));
    expect(paused.state).toBe('paused');
    expect(nextFiring(paused)).toBeUndefined();
    const resumed = resumeClock(CAL, paused, at('2026-12-01T10:00:00+08:00'));
    // Paused Fri 12–18 (6 h), Sat 9–18 (9 h), Monday holiday, Tue 9–10 (1 h) = 16 business hours.
    expect(resumed.pausedBusinessMs).toBe(16 * HOUR);
    expect(businessTimeBetween(CAL, c0.dueAt, resumed.dueAt)).toBe(16 * HOUR);
    expect(resumed.dueAt).toBe(addBusinessDuration(CAL, at('2026-12-01T10:00:00+08:00'), 22 * HOUR));
  });

  test('stopping after a breach is met late; the overall state is the worst clock', () => {
    const c = startClock(CAL, spec, at('2026-11-27T10:00:00+08:00'));
    const breached = { ...c, breachedAt: c.dueAt, state: 'breached' as const };
    expect(stopClock(breached, c.dueAt + 1).state).toBe('met-late');
    expect(stopClock(c, c.startedAt + 1).state).toBe('met');
    expect(overallState([stopClock(c, 1), { ...c, state: 'warning' }])).toBe('warning');
  });
});
