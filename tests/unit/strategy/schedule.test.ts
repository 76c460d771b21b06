import {
  agentQualifies,
  channelForAttempt,
  nextAttemptTime,
  strategyProblems,
  validateStrategy,
  withinWindows,
  type ContactStrategy,
} from '../../../core/strategy';

/** Berlin is UTC+1 in late November 2026; 2026-11-28 is a Saturday, 2026-11-30 a Monday. */
const berlin = (day: number, hour: number, minute = 0): number => Date.UTC(2026, 10, day, hour - 1, minute);
const HOUR = 3_600_000;

const strategy = (over: Partial<ContactStrategy> = {}): ContactStrategy => ({
  id: 'care-call',
  name: 'Care call, weekdays',
  channels: ['phone', 'sms'],
  timeZone: 'Europe/Berlin',
  windows: [{ weekdays: [1, 2, 3, 4, 5], hours: [{ start: '09:00', end: '18:00' }] }],
  requiredSkills: ['care'],
  maxAttempts: 3,
  retrySpacingMs: 2 * HOUR,
  ...over,
});

describe('next attempt time', () => {
  it('when a contact is due Saturday 20:00 under a Monday–Friday 09:00–18:00 strategy, then it goes to Monday 09:00', () => {
    expect(nextAttemptTime(strategy(), undefined, 0, berlin(28, 20))).toBe(berlin(30, 9));
  });

  it('when that Monday is a holiday, then it goes to Tuesday 09:00', () => {
    expect(nextAttemptTime(strategy({ holidays: ['2026-11-30'] }), undefined, 0, berlin(28, 20))).toBe(
      Date.UTC(2026, 11, 1, 8),
    );
  });

  it('when the customer is never reached, then exactly maxAttempts attempts are made with the spacing', () => {
    const s = strategy();
    const attempts: number[] = [];
    let last: number | undefined;
    let now = berlin(23, 9); // Monday 09:00
    for (;;) {
      const at = nextAttemptTime(s, last, attempts.length, now);
      if (at === undefined) break;
      attempts.push(at);
      last = at;
      now = at + 60_000; // the unanswered call took a minute
    }
    expect(attempts).toEqual([berlin(23, 9), berlin(23, 11), berlin(23, 13)]);
    expect(attempts).toHaveLength(s.maxAttempts);
  });

  it('when the spacing runs past the window, then the retry waits for the next window', () => {
    const s = strategy();
    expect(nextAttemptTime(s, berlin(27, 16, 30), 1, berlin(27, 16, 31))).toBe(berlin(30, 9)); // Friday 18:30 -> Monday
    expect(nextAttemptTime(s, berlin(24, 16, 30), 1, berlin(24, 16, 31))).toBe(berlin(25, 9));
  });

  it('when now is later than last + spacing, then now (inside the window) is the answer', () => {
    expect(nextAttemptTime(strategy(), berlin(23, 9), 1, berlin(23, 15))).toBe(berlin(23, 15));
  });

  it('when windows are checked, then 18:00 is outside and 17:59 inside', () => {
    expect(withinWindows(strategy(), berlin(23, 17, 59))).toBe(true);
    expect(withinWindows(strategy(), berlin(23, 18))).toBe(false);
  });
});

describe('channels, skills and validation', () => {
  it('when attempts go on, then channels fall back in order', () => {
    const s = strategy({ maxAttempts: 5 });
    expect([1, 2, 3, 4, 5].map((n) => channelForAttempt(s, n))).toEqual(['phone', 'phone', 'phone', 'sms', 'sms']);
    const one = strategy({ attemptsPerChannel: 1, maxAttempts: 4 });
    expect([1, 2, 3, 4].map((n) => channelForAttempt(one, n))).toEqual(['phone', 'sms', 'sms', 'sms']);
  });

  it('when an agent lacks a required skill, then the agent does not qualify', () => {
    expect(agentQualifies(strategy(), ['care', 'mandarin'])).toBe(true);
    expect(agentQualifies(strategy(), ['sales'])).toBe(false);
  });

  it('when a strategy is malformed, then every problem is listed', () => {
    const bad = strategy({
      channels: ['phone', 'phone'],
      maxAttempts: 0,
      retrySpacingMs: -1,
      timeZone: 'Mars/Olympus',
      windows: [{ weekdays: [1], hours: [{ start: '18:00', end: '09:00' }] }],
    });
    const problems = strategyProblems(bad);
    expect(problems).toEqual(
      expect.arrayContaining([
        'channels: a channel is listed twice',
        'maxAttempts must be a whole number of at least 1, got 0',
        'retrySpacingMs must be a non-negative number, got -1',
      ]),
    );
    expect(problems.some((p) => p.startsWith('windows: timeZone'))).toBe(true);
    expect(problems.some((p) => p.includes('18:00 must be before end 09:00'))).toBe(true);
    expect(() => validateStrategy(bad)).toThrow(/Strategy "care-call" is invalid/);
    expect(() => nextAttemptTime(bad, undefined, 0, 0)).toThrow();
  });

  it('when a window names weekday 8, then validation reports it rather than throwing', () => {
    expect(
      strategyProblems(strategy({ windows: [{ weekdays: [8 as 1], hours: [{ start: '09:00', end: '10:00' }] }] })),
    ).toEqual(['windows: window weekday 8 is not 1 (Monday) … 7 (Sunday)']);
  });
});
